// The Formaliza API from TypeScript: `openapi-fetch` over the types openapi-typescript generated
// from openapi/formaliza.json (`schema.d.ts`; regenerate with clients/generate, never edit it).
// Every path, parameter, body and answer is typed; a path or field the API does not have is a
// compile error.
import createClient from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };

/** A client for every operation, sending `token` as `Authorization: Bearer …`. */
export function createFormalizaClient(baseUrl: string, token: string) {
  return createClient<paths>({
    baseUrl,
    headers: { Authorization: `Bearer ${token}` },
  });
}

export type FormalizaClient = ReturnType<typeof createFormalizaClient>;
export type TokenResponse = components["schemas"]["TokenResponse"];

/**
 * An access token for a registered client (OAuth 2.0 client credentials, `POST /oauth/token`),
 * with all the client's scopes or the `scope` subset asked for. Throws with the OAuth error
 * when the gateway refuses.
 */
export async function fetchToken(
  baseUrl: string,
  clientId: string,
  clientSecret: string,
  scope?: string,
): Promise<TokenResponse> {
  const anonymous = createClient<paths>({ baseUrl });
  // RFC 6749 §2.3.1: the id and secret are form-encoded before HTTP Basic.
  const basic = btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);
  const { data, error, response } = await anonymous.POST("/oauth/token", {
    body: { grant_type: "client_credentials", ...(scope ? { scope } : {}) },
    bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
    headers: {
      Authorization: `Basic ${basic}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
  });
  if (!data) {
    // An OAuth error (RFC 6749 §5.2), or a problem from the gateway's edge (414, 431, 429).
    const reason =
      error && "error" in error ? `${error.error}: ${error.error_description}` : (error?.title ?? "");
    throw new Error(`token refused (${response.status}): ${reason}`);
  }
  return data;
}
