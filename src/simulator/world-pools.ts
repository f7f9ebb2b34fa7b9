/** Word lists of the synthetic world. */

export const TIME_ZONES = [
  'America/Los_Angeles',
  'America/New_York',
  'America/Chicago',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Etc/UTC',
] as const;

export const TAGS = ['campus', 'branch', 'lab', 'guest', 'retail', 'hq', 'warehouse', 'school'] as const;

export const PLACES = ['Main Office', 'Warehouse', 'Store', 'Campus', 'Clinic', 'Lab', 'Branch', 'Depot', 'Studio'] as const;

export const CITIES = ['Austin', 'Berlin', 'Denver', 'Lyon', 'Osaka', 'Perth', 'Quito', 'Seattle', 'Turin', 'Zurich'] as const;

export const SSID_NAMES = ['Corp', 'Guest', 'IoT', 'Staff', 'Voice', 'Lab', 'Printers', 'Cameras'] as const;

export const OWNERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar'] as const;

/** Manufacturer, its OUIs (one manufacturer per OUI), its operating systems and device words. */
export interface Make {
  manufacturer: string;
  ouis: readonly string[];
  oses: readonly string[];
  devices: readonly string[];
  wiredOnly?: boolean;
}

export const MAKES: readonly Make[] = [
  { manufacturer: 'Apple', ouis: ['3c:22:fb', 'a4:83:e7', 'f0:18:98'], oses: ['iOS', 'Mac OS X', 'iPadOS'], devices: ['iPhone', 'MacBook', 'iPad'] },
  { manufacturer: 'Samsung', ouis: ['8c:f5:a3', 'dc:cf:96'], oses: ['Android'], devices: ['Galaxy', 'Tab'] },
  { manufacturer: 'Dell', ouis: ['18:db:f2', 'b0:83:fe'], oses: ['Windows 10', 'Windows 11', 'Ubuntu'], devices: ['laptop', 'desktop'] },
  { manufacturer: 'Lenovo', ouis: ['54:e1:ad', '8c:16:45'], oses: ['Windows 11', 'Windows 10'], devices: ['ThinkPad'] },
  { manufacturer: 'Intel', ouis: ['a0:a8:cd', '3c:6a:a7'], oses: ['Windows 10', 'Linux'], devices: ['laptop', 'NUC'] },
  { manufacturer: 'Google', ouis: ['f4:f5:d8'], oses: ['Android', 'Chrome OS'], devices: ['Pixel', 'Chromebook'] },
  { manufacturer: 'Hewlett Packard', ouis: ['3c:52:82'], oses: ['Printer'], devices: ['printer'], wiredOnly: true },
  { manufacturer: 'Cisco', ouis: ['00:1b:54'], oses: ['Cisco IP Phone'], devices: ['phone'], wiredOnly: true },
  { manufacturer: 'Axis', ouis: ['ac:cc:8e'], oses: ['Linux'], devices: ['camera'], wiredOnly: true },
];

export const VLANS = ['1', '10', '20', '30', '100'] as const;
