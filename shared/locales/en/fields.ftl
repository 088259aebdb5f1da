# Field errors. `field-<code>`: one message per field-error code, said when the catalogue does not
# know the sentence the code wrote (the English ones document the codes; an English answer keeps
# the code's own sentence). `message-…`: sentences the code writes, recognised as in problems.ftl.

field-required = { $field } is required
field-invalid = { $field } is not valid
field-invalid_type = { $field } has the wrong type
field-invalid_format = { $field } is not in the expected format
field-invalid_value = { $field } has a value that is not allowed
field-invalid_number = { $field } is not a valid number
field-invalid_characters = { $field } contains characters that are not allowed
field-invalid_id = { $field } is not a valid id
field-invalid_cursor = { $field } is not a cursor this API returned
field-invalid_initial_status = { $field } is not a status a new record can start with
field-malformed_json = the body is not valid JSON
field-malformed_csv = the file is not valid CSV
field-unknown_field = { $field } is not a field of this resource
field-unknown_parameter = { $field } is not a parameter of this operation
field-unknown_column = { $field } is not a column of this import
field-missing_column = the column { $field } is missing
field-unknown_reference = { $field } names a record that does not exist or that you cannot see
field-unknown_country = { $field } is not a known country
field-unknown_region = { $field } is not a known region of this country
field-region_country_mismatch = the region in { $field } is not in the record's country
field-wrong_country = { $field } belongs to another country
field-too_long = { $field } is too long
field-too_many = { $field } has too many values
field-too_many_points = { $field } asks for too many points
field-out_of_range = { $field } is out of the allowed range
field-in_future = { $field } cannot be in the future
field-before_start = { $field } is before the start
field-before_from = { $field } is before `from`
field-after_as_of = { $field } is after `as_of`
field-before_baseline = { $field } is before the baseline
field-before_reference_date = { $field } is before the reference date
field-before_current_status = { $field } is before the current status took effect
field-immutable = { $field } cannot be changed
field-duplicate = { $field } is already taken
field-duplicate_head = the household already has a head
field-reused_key = this Idempotency-Key was already used with a different request body
field-rejected = the row was rejected
field-cycle = { $field } would make a cycle
field-conflict = { $field } contradicts another field
field-mismatch = { $field } does not match the document type
field-not_applicable = { $field } does not apply here
field-one_of = give exactly one of these fields
field-requires_household = { $field } needs a household
field-use_transitions = { $field } is changed through the transitions endpoint
field-already_registered = { $field } is already registered
field-already_enrolled = the person is already enrolled in this scheme
field-scheme_closed = the scheme is closed
field-wrong_coverage_unit = the scheme does not cover this kind of enrollee
field-not_for_unit = { $field } does not apply to this unit
field-not_registered = the member is not registered to this session
field-hours_not_reached = the member has not reached the course's hours
field-attendance_required = { $field } needs attendance
field-exceeds_session = { $field } exceeds the session
field-exceeds_duration = { $field } exceeds the duration
field-exceeds_total = { $field } exceeds the total
field-has_participants = the session already has participants
field-below_registered = { $field } is below the number registered
field-cooperatives_only = { $field } applies to cooperatives only
field-employees_only = { $field } applies to employees only
field-not_a_tax_registration = { $field } applies to tax registrations only
field-not_a_licence = { $field } applies to operating licences only
field-nrus_for_persons = the NRUS is for persons
field-unknown_measure = { $field } is not a known measure
field-unit_mismatch = { $field } does not have the indicator's unit
field-unknown_filter = { $field } is not a known filter
field-not_combinable = { $field } cannot be combined with the other filters
field-other_indicator = { $field } belongs to another indicator
field-unknown_service = { $field } is not a known service
field-feed_not_readable = your token cannot read this feed
field-url_refused = { $field } is not an address webhooks may be sent to
field-not_subscribed = { $field } is not one of the subscription's feeds

## shared/src/domain.rs, extract.rs, pagination.rs, resource.rs, concurrency.rs, idempotency.rs, lifecycle.rs, series.rs

message-not-empty = must not be empty
message-at-least = must have at least { $min } characters
message-at-most = must have at most { $max } characters
message-control-characters = must not contain control characters
message-date = a date is written YYYY-MM-DD
message-country-format = a country is an ISO 3166-1 alpha-2 code in capitals, such as PE or BO
message-unknown-country = { $code } is not an ISO 3166-1 country code
message-region-format = a region is an ISO 3166-2 code such as PE-JUN or BO-L
message-unknown-region = { $code } is not an ISO 3166-2 subdivision of { $country }
message-region-not-in-country = { $region } is not in { $country }
message-limit = limit must be between 1 and { $max }
message-cursor = the cursor is not one this API returned
message-invalid-id = `{ $id }` is not a valid id (ids are UUIDs)
message-no-record = no { $kind } with id { $id }
message-idempotency-key = Idempotency-Key must be 1 to 255 printable characters (a UUID is a good choice)
message-reused-key = this Idempotency-Key was already used with a different request body
message-if-match = If-Match must be an ETag list
message-to-before-from = `to` must not be before `from`
message-transition-in-future = a transition cannot take effect in the future; record it on the day
message-before-current-status = the current status took effect on { $since }; a later change cannot take effect before it
message-missing-field = missing field `{ $name }`
message-unknown-variant = unknown variant `{ $value }`, expected one of { $allowed }
message-unknown-field = unknown field `{ $name }`, expected one of { $allowed }

## services/members

message-dni = a Peruvian DNI has exactly 8 digits
message-carne = a carné de extranjería has up to 12 digits
message-ci = a Bolivian CI number has 4 to 10 digits
message-passport = a passport number has 6 to 15 letters and digits
message-ci-complement = a CI complement is 1 or 2 letters or digits, such as 1B
message-phone = a phone number has 6 to 15 digits, with optional +, spaces and dashes
message-birth-in-future = a birth date cannot be in the future
message-birth-after-1900 = a birth date is after 1900-01-01
message-national-id-taken = another member already has this national ID
message-national-id-other-partner = another partner already registered a member with this national ID
message-already-member = the member already belongs to this organisation
message-household-head = the household already has a head; change that member first
message-relationship-needs-household = a relationship to the head needs a household_id

## Import jobs and published indicators
field-ambiguous = { $field } matches more than one record; say which one
field-duplicate_column = two columns of the file are read as { $field }
field-unknown_kind = { $field } is not a kind of record this service imports
field-not_publishable = { $field } is not an aggregate indicator that can be published
field-refused_by_service = the service refused { $field }
field-invalid_mapping = { $field } is not a JSON object of column name to field name
field-empty_file = the file is empty
