/**
 * Configuration is read once, at module load, through these helpers: a missing variable fails the cold start with
 * a message that names it, instead of failing a request later with `undefined` somewhere deep inside.
 */
export class MissingConfiguration extends Error {
  override readonly name = 'MissingConfiguration';
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new MissingConfiguration(`Environment variable ${name} is not set`);
  }
  return value;
}

/** For settings that the infrastructure injects only where they apply (e.g. the tenant access role in AWS). */
export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}
