// Smoke test of the TypeScript client against a running Formaliza (clients/smoke runs it):
// a token by client credentials, a member created, the coverage indicator read.
import { createFormalizaClient, fetchToken } from "../src/index.js";

// Node's, declared here rather than pulling in @types/node for one line.
declare const process: { argv: string[] };

function check(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(`typescript client: ${message}`);
  }
}

const [baseUrl, clientId, clientSecret] = process.argv.slice(2);
check(baseUrl && clientId && clientSecret, "usage: smoke.js BASE_URL CLIENT_ID CLIENT_SECRET");

const token = await fetchToken(baseUrl, clientId, clientSecret);
check(token.token_type === "Bearer", `token_type is ${token.token_type}`);
check(token.scope.split(" ").includes("members:write"), `scopes are ${token.scope}`);

const api = createFormalizaClient(baseUrl, token.access_token);
const created = await api.POST("/v1/members", {
  params: { header: { "Idempotency-Key": "smoke-typescript" } },
  body: {
    given_names: "Rosa",
    family_names: "Huamán Quispe",
    sex: "female",
    national_id: { type: "pe_dni", number: "41234567" },
    sector: "coffee",
    country: "PE",
    region: "PE-JUN",
    data_sharing_consent: true,
  },
});
check(created.response.status === 201, `POST /v1/members answered ${created.response.status}`);
check(created.data?.given_names === "Rosa", "the created member's given_names");

const coverage = await api.GET("/v1/indicators/coverage", { params: { query: { sector: "coffee" } } });
check(coverage.response.status === 200, `GET /v1/indicators/coverage answered ${coverage.response.status}`);
check(Array.isArray(coverage.data?.data), "the coverage indicator has its data cells");

console.log(
  `typescript client: token (${token.scope.split(" ").length} scopes), member ${created.data.id} created, ` +
    `coverage on ${coverage.data.as_of} read (${coverage.data.data.length} cell(s))`,
);
