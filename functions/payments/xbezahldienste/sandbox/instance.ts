import { systemTable } from '#core/ddb';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { LOCAL_CREDENTIAL, PUBLIC_API_URL } from '../../config.ts';
import { XBezahldiensteSandbox, dynamoXbdSandboxStore } from './platform.ts';

/** The XBezahldienste sandbox of this deployment (dev stages and the local runtime). */
export const xbdSandbox = new XBezahldiensteSandbox({
  store: dynamoXbdSandboxStore(systemTable, COUNTY_TENANT_ID),
  publicApiUrl: PUBLIC_API_URL,
  credential: LOCAL_CREDENTIAL,
});
