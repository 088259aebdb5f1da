# Errores de campo: `field-<código>`, un mensaje por código; `message-…`, las frases que escribe el
# código, con el mismo id que en en/fields.ftl.

field-required = { $field } es obligatorio
field-invalid = { $field } no es válido
field-invalid_type = { $field } tiene un tipo incorrecto
field-invalid_format = { $field } no tiene el formato esperado
field-invalid_value = { $field } tiene un valor no permitido
field-invalid_number = { $field } no es un número válido
field-invalid_characters = { $field } contiene caracteres no permitidos
field-invalid_id = { $field } no es un id válido
field-invalid_cursor = { $field } no es un cursor devuelto por esta API
field-invalid_initial_status = { $field } no es un estado con el que pueda empezar un registro nuevo
field-malformed_json = el cuerpo no es JSON válido
field-malformed_csv = el archivo no es CSV válido
field-unknown_field = { $field } no es un campo de este recurso
field-unknown_parameter = { $field } no es un parámetro de esta operación
field-unknown_column = { $field } no es una columna de esta importación
field-missing_column = falta la columna { $field }
field-unknown_reference = { $field } hace referencia a un registro que no existe o que usted no puede ver
field-unknown_country = { $field } no es un país conocido
field-unknown_region = { $field } no es una región conocida de este país
field-region_country_mismatch = la región de { $field } no está en el país del registro
field-wrong_country = { $field } corresponde a otro país
field-too_long = { $field } es demasiado largo
field-too_many = { $field } tiene demasiados valores
field-too_many_points = { $field } pide demasiados puntos
field-out_of_range = { $field } está fuera del rango permitido
field-in_future = { $field } no puede estar en el futuro
field-before_start = { $field } es anterior al inicio
field-before_from = { $field } es anterior a `from`
field-after_as_of = { $field } es posterior a `as_of`
field-before_baseline = { $field } es anterior a la línea de base
field-before_reference_date = { $field } es anterior a la fecha de referencia
field-before_current_status = { $field } es anterior a la fecha en que rige el estado actual
field-immutable = { $field } no se puede cambiar
field-duplicate = { $field } ya está registrado
field-duplicate_head = el hogar ya tiene un jefe o jefa de hogar
field-reused_key = esta Idempotency-Key ya se usó con otro cuerpo de solicitud
field-rejected = la fila fue rechazada
field-cycle = { $field } formaría un ciclo
field-conflict = { $field } contradice otro campo
field-mismatch = { $field } no corresponde al tipo de documento
field-not_applicable = { $field } no corresponde aquí
field-one_of = indique exactamente uno de estos campos
field-requires_household = { $field } requiere un hogar
field-use_transitions = { $field } se cambia mediante el endpoint de transiciones
field-already_registered = { $field } ya está registrado
field-already_enrolled = la persona ya está afiliada a este esquema
field-scheme_closed = el esquema está cerrado
field-wrong_coverage_unit = el esquema no cubre a este tipo de afiliado
field-not_for_unit = { $field } no corresponde a esta unidad
field-not_registered = el socio no está inscrito en esta sesión
field-hours_not_reached = el socio no alcanzó las horas del curso
field-attendance_required = { $field } requiere asistencia
field-exceeds_session = { $field } supera la sesión
field-exceeds_duration = { $field } supera la duración
field-exceeds_total = { $field } supera el total
field-has_participants = la sesión ya tiene participantes
field-below_registered = { $field } es menor que el número de inscritos
field-cooperatives_only = { $field } corresponde solo a cooperativas
field-employees_only = { $field } corresponde solo a trabajadores dependientes
field-not_a_tax_registration = { $field } corresponde solo a registros tributarios
field-not_a_licence = { $field } corresponde solo a licencias de funcionamiento
field-nrus_for_persons = el NRUS es para personas naturales
field-unknown_measure = { $field } no es una medida conocida
field-unit_mismatch = { $field } no tiene la unidad del indicador
field-unknown_filter = { $field } no es un filtro conocido
field-not_combinable = { $field } no se puede combinar con los otros filtros
field-other_indicator = { $field } pertenece a otro indicador
field-unknown_service = { $field } no es un servicio conocido
field-feed_not_readable = su token no puede leer este feed
field-url_refused = { $field } no es una dirección a la que se puedan enviar webhooks
field-not_subscribed = { $field } no es uno de los feeds de la suscripción

message-not-empty = no debe estar vacío
message-at-least = debe tener al menos { $min } caracteres
message-at-most = debe tener como máximo { $max } caracteres
message-control-characters = no debe contener caracteres de control
message-date = una fecha se escribe AAAA-MM-DD
message-country-format = un país es un código ISO 3166-1 alfa-2 en mayúsculas, como PE o BO
message-unknown-country = { $code } no es un código de país ISO 3166-1
message-region-format = una región es un código ISO 3166-2, como PE-JUN o BO-L
message-unknown-region = { $code } no es una subdivisión ISO 3166-2 de { $country }
message-region-not-in-country = { $region } no está en { $country }
message-limit = limit debe estar entre 1 y { $max }
message-cursor = el cursor no es uno que haya devuelto esta API
message-invalid-id = `{ $id }` no es un id válido (los id son UUID)
message-no-record = no existe { $kind ->
    [member] ningún socio
    [household] ningún hogar
    [organisation] ninguna organización
    [membership] ninguna membresía
    [registration] ningún registro
    [job] ningún empleo
    [course] ningún curso
    [session] ninguna sesión
    [participation] ninguna participación
    [certificate] ningún certificado
    [scheme] ningún esquema
    [enrollment] ninguna afiliación
    [programme_indicator] ningún indicador del programa
    [reported_value] ningún valor reportado
   *[other] ningún registro de tipo { $kind }
} con el id { $id }
message-idempotency-key = Idempotency-Key debe tener de 1 a 255 caracteres imprimibles (un UUID es una buena elección)
message-reused-key = esta Idempotency-Key ya se usó con otro cuerpo de solicitud
message-if-match = If-Match debe ser una lista de ETag
message-to-before-from = `to` no debe ser anterior a `from`
message-transition-in-future = un cambio de estado no puede regir en el futuro; regístrelo el mismo día
message-before-current-status = el estado actual rige desde el { $since }; un cambio posterior no puede regir antes
message-missing-field = falta el campo `{ $name }`
message-unknown-variant = valor desconocido `{ $value }`; se espera uno de { $allowed }
message-unknown-field = campo desconocido `{ $name }`; se espera uno de { $allowed }

message-dni = un DNI peruano tiene exactamente 8 dígitos
message-carne = un carné de extranjería tiene hasta 12 dígitos
message-ci = un número de CI boliviano tiene de 4 a 10 dígitos
message-passport = un número de pasaporte tiene de 6 a 15 letras y dígitos
message-ci-complement = un complemento de CI tiene 1 o 2 letras o dígitos, como 1B
message-phone = un número de teléfono tiene de 6 a 15 dígitos, con +, espacios y guiones opcionales
message-birth-in-future = una fecha de nacimiento no puede estar en el futuro
message-birth-after-1900 = una fecha de nacimiento es posterior al 1900-01-01
message-national-id-taken = otro socio ya tiene este documento de identidad
message-national-id-other-partner = otra organización aliada ya registró a un socio con este documento de identidad
message-already-member = el socio ya pertenece a esta organización
message-household-head = el hogar ya tiene un jefe o jefa de hogar; cambie primero a ese socio
message-relationship-needs-household = una relación con el jefe de hogar requiere un household_id

## Trabajos de importación e indicadores publicados
field-ambiguous = { $field } coincide con más de un registro; indique cuál
field-duplicate_column = dos columnas del archivo se leen como { $field }
field-unknown_kind = { $field } no es un tipo de registro que este servicio importe
field-not_publishable = { $field } no es un indicador agregado que se pueda publicar
field-refused_by_service = el servicio rechazó { $field }
field-invalid_mapping = { $field } no es un objeto JSON de nombre de columna a nombre de campo
field-empty_file = el archivo está vacío
