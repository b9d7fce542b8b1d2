import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs; the level comes from LOG_LEVEL (Powertools reads it itself). */
export const logger = new Logger({ serviceName: 'tarjotin' });
