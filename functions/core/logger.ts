import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger for all functions. Never log personal data (names, addresses, e-mail, plates): log ids and outcomes.
 */
export const logger = new Logger({ serviceName: 'openkreis' });
