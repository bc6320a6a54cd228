import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Transactions } from './transactions.js';

export interface DatabaseModuleOptions {
  url: string;
  poolSize: number;
  poolIdleTimeoutMs: number;
  statementTimeoutMs: number;
  applicationName: string;
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.url,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          logging: false,
          poolSize: options.poolSize,
          // Fail at boot rather than retry for minutes against a wrong URL.
          retryAttempts: 2,
          retryDelay: 500,
          extra: {
            application_name: options.applicationName,
            statement_timeout: options.statementTimeoutMs || undefined,
            connectionTimeoutMillis: 10_000,
            // A connection closed after a pause is opened again by the next request, which then waits for
            // a new server process and re-prepares its statements on it (tens of milliseconds for the
            // first requests after the pause): kept for minutes, not pg's 10 s. Kept alive at the TCP
            // level meanwhile, so that a connection a network device dropped is noticed.
            idleTimeoutMillis: options.poolIdleTimeoutMs,
            keepAlive: true,
          },
        }),
      ],
      providers: [Transactions],
      exports: [Transactions],
    };
  }
}
