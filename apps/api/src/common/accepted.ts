import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Response } from 'express';
import { map, type Observable } from 'rxjs';

/** A result a route answers with 202 Accepted and this body: the request was taken, not carried out yet. */
export class Accepted<T> {
  constructor(readonly body: T) {}
}

/** Answers an `Accepted` result with 202 and its body, in place of the route's usual status (200, 201 or 204). */
@Injectable()
export class AcceptedStatus implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Accepted)) return result;
        context.switchToHttp().getResponse<Response>().status(202);
        return result.body as unknown;
      }),
    );
  }
}
