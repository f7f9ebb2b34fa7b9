/** An error answer in Meraki's shape: `{"errors": ["..."]}` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.join('; '));
    this.name = 'ApiError';
  }
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, [message]);
}

export function notFound(): ApiError {
  return new ApiError(404, ['Not found']);
}
