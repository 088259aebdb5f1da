# The command line: `formaliza`, `formaliza-gateway`, `formaliza demo`. English is what the code
# says (its doc comments for --help); these entries document it and pair the Spanish ones.

cli-running =
    Formaliza is running.
      API documentation  { $public }/docs
      OpenAPI document   { $public }/openapi.json
      Dashboard          { $public }/dashboard (the published indicators, no token)
      Health             { $public }/healthz, { $public }/readyz
      Metrics            { $metrics }/metrics (operators only, never on the public port)
    Get a token (in another terminal):
      cargo run --release -- clients add --name "My NGO" --scopes "members:read members:write" --partner-id my-ngo
      TOKEN=$(cargo run -q --release -- token --client "My NGO")
      curl -s { $public }/v1/members -H "Authorization: Bearer $TOKEN"
    Ctrl-C stops everything.

## formaliza demo

cli-demo-coverage-loaded =
    Demo programme loaded. Coverage of coffee producers' families today ({ $households } households):
      { $public_service }% with access to public services, { $insurance }% with insurance mechanisms.
cli-demo-coverage-already-loaded =
    Demo programme already loaded. Coverage of coffee producers' families today ({ $households } households):
      { $public_service }% with access to public services, { $insurance }% with insurance mechanisms.
cli-demo-formalisation = Formalisation: { $formal } of { $organisations } organisations formal today ({ $formal_then } a year ago); { $formal_jobs } of { $workers } workers ({ $percentage }%) hold a formal job today ({ $percentage_then }% a year ago).
cli-demo-programme = Programme indicators on { $today } (baselines, targets and the 2025 reported values are demo values):
cli-demo-clients = Demo clients (secrets are shown once; running `formaliza demo` again replaces them):
cli-demo-try-it = Try it:
cli-demo-no-token = (public, no token)
cli-table-indicator = indicator
cli-table-now = now
cli-table-reported = last reported (records then)
cli-table-target = next target
cli-table-on-track = on track
cli-table-withheld = withheld
cli-table-reported-on = { $value } on { $date } ({ $then })
cli-table-target-by = { $value } by { $date }
cli-status-on_track = on track
cli-status-off_track = off track
cli-status-unknown = unknown

## Administration (clients, keys, tokens)

cli-admin-keep-secret = Keep the client_secret now: it is stored only as a hash and cannot be shown again.
cli-admin-no-client = no client { $id }
cli-admin-no-enabled-client = no enabled client with id or name { $client }
cli-admin-scope-not-allowed = { $name } may not have `{ $scope }`
cli-admin-migrated = migrations applied
cli-admin-key-rotated = new signing key { $kid }; { $retired } older key(s) retired (they verify until their tokens expire); restart the gateway to sign with it
cli-admin-enabled = { $id } enabled
cli-admin-disabled = { $id } disabled

## --help

cli-heading-usage = Usage:
cli-heading-options = Options
cli-heading-commands = Commands
cli-about-formaliza = Formaliza: the gateway and the three services in one process.
cli-after-formaliza = Configuration comes from environment variables (README: Configuration).
cli-about-formaliza-gateway = The Formaliza gateway: tokens, routing and the published API (README: Configuration).
cli-help-any--help = Print help
cli-help-any--version = Print version
cli-help-any--lang = Language of the messages, `es` or `en` (default: from LC_ALL, LC_MESSAGES or LANG).
cli-help-serve = Run the gateway and the three services, http://localhost:8080/docs (the default).
cli-help-demo = The same, after loading the demo programme through the API (once).
cli-help-clients = Register, list, disable, enable API clients or give them a new secret.
cli-help-clients-add = Register a client; prints its id and secret (shown only once).
cli-help-clients-add--name = A name people recognise ("Asociación Cafetalera del Perené").
cli-help-clients-add--scopes = Space-separated scopes it may ask for ("members:read members:write").
cli-help-clients-add--partner_id = The partner it acts for: it sees and changes only that partner's records. Omit for a programme-wide client.
cli-help-clients-list = List the clients.
cli-help-clients-reset-secret = A new secret; the old one stops working.
cli-help-clients-disable = Refuse the client's token requests from now on.
cli-help-clients-enable = Accept them again.
cli-help-keys = Signing keys.
cli-help-keys-rotate = A new signing key; older ones verify until their tokens expire.
cli-help-token = Print a token for a registered client (for curl).
cli-help-token--client = The client's id or name.
cli-help-token--scopes = Space-separated scopes, among the client's (default: all of them).
cli-help-migrate = Apply the gateway database's migrations and exit.
cli-help-help = Print this message or the help of the given subcommand(s)
