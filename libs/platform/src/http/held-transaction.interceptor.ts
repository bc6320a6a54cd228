import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';
import { TenantContext } from '../tenancy/tenant-context.js';

/**
 * Ends the transaction the access guard opened when the request never used
 * it (a handler that failed validation, or did no tenant work): it only
 * read, so it rolls back, and its connection goes back to the pool.
 */
@Injectable()
export class HeldTransactionInterceptor implements NestInterceptor {
  constructor(private readonly context: TenantContext) {}

  intercept(_execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      finalize(() => {
        void this.context
          .takeTransaction()
          ?.finish(false)
          .catch(() => undefined);
      }),
    );
  }
}
