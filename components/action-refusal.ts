// A server action call that the proxy refused (403 foreign origin, 413 too large) or that a gateway
// answered with its own error page rejects on the client; the forms show that as their own error
// instead of the error page. Anything else (redirects, bugs) goes on to Next and app/error.tsx.
import { refusalMessageOf } from "@/lib/domain/http-security";

export function catchRefusal<S, A extends unknown[]>(
  action: (...args: A) => Promise<S>,
  toState: (message: string, ...args: A) => S,
): (...args: A) => Promise<S> {
  return async (...args) => {
    try {
      return await action(...args);
    } catch (error) {
      const message = refusalMessageOf(error);
      if (message === null) throw error;
      return toState(message, ...args);
    }
  };
}
