# Títulos de los problemas, uno por tipo, y los detalles: el mismo id que en en/problems.ftl.
# Español de América Latina (Perú, Bolivia), de usted.

title-bad-request = Solicitud incorrecta
title-invalid-parameter = Parámetro no válido
title-validation = Solicitud no válida
title-import-failed = La importación falló
title-unauthorized = Se requiere autenticación
title-forbidden = No permitido
title-not-found = No encontrado
title-method-not-allowed = Método no permitido
title-conflict = Conflicto
title-stale-version = La versión no coincide
title-payload-too-large = Cuerpo de la solicitud demasiado grande
title-unsupported-media-type = Tipo de contenido no admitido
title-unavailable = Servicio no disponible
title-internal = Error interno
title-dependency-failed = Falló una dependencia
title-too-many-rows = Demasiadas filas
title-rate-limited = Demasiadas solicitudes
title-uri-too-long = URI demasiado larga
title-header-too-large = Encabezados de la solicitud demasiado grandes
title-upstream-unavailable = Servicio no disponible
title-upstream-connection-lost = Se perdió la conexión con el servicio
title-upstream-invalid-answer = Respuesta no válida del servicio
title-upstream-timeout = El servicio no respondió a tiempo
title-incomplete-request-body = Cuerpo de la solicitud incompleto

detail-fields-invalid = { $count } campos no son válidos
detail-payload-too-large = el cuerpo de la solicitud supera el límite de { $limit } bytes
detail-method-not-allowed = { $path } no responde a { $method }; responde a { $allow }
detail-internal = ocurrió un error inesperado; cite el id de la solicitud al reportarlo
detail-no-such-record = el registro no existe
detail-unique-value = ya existe un registro con el mismo valor único
detail-referenced = el registro es referido por otro registro, o se refiere a uno, que no lo permite
detail-connection-lost = se perdió la conexión con la base de datos; vuelva a intentarlo
detail-concurrent-change = un cambio simultáneo se interpuso; vuelva a intentarlo
detail-database-busy = la base de datos está ocupada; vuelva a intentarlo
detail-database-unreachable = no se puede acceder a la base de datos; vuelva a intentarlo
detail-shutting-down = el servidor se está deteniendo; vuelva a intentarlo

detail-one-authorization = envíe un solo encabezado Authorization
detail-authorization-missing = esta operación requiere un encabezado `Authorization: Bearer <token>`
detail-authorization-not-text = el encabezado Authorization no es texto válido
detail-authorization-not-bearer = el encabezado Authorization debe ser `Bearer <token>`
detail-token-refused = el token de acceso no es válido o ha vencido
detail-scope-missing = esta operación requiere el alcance `{ $scope }`
detail-scopes-missing = esta operación requiere uno de estos alcances: { $scopes }
detail-reference-forbidden = para verificar esta referencia se necesita acceso de lectura al servicio { $service } (por ejemplo `members:read`)
detail-service-unreachable = no se puede acceder al servicio { $service }; vuelva a intentarlo más tarde
detail-service-unavailable = el servicio { $service } no está disponible; vuelva a intentarlo más tarde
detail-service-unusable = el servicio { $service } dio una respuesta inutilizable
detail-service-not-configured = el servicio { $service } no está configurado

detail-no-record = no existe { $kind ->
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
detail-programme-wide = los registros { $kind } de todo el programa los cambia la oficina del programa, no las organizaciones aliadas
detail-stale-version = el recurso está en la versión { $version } (ETag { $etag }); vuelva a obtenerlo y aplique su cambio de nuevo
detail-changed-meanwhile = otra solicitud cambió el registro mientras tanto; vuelva a obtenerlo
detail-json-expected-got = se esperaba un cuerpo JSON (Content-Type: application/json), se recibió `{ $media }`
detail-json-expected = se esperaba un cuerpo JSON con Content-Type: application/json
detail-body-unreadable = no se pudo leer el cuerpo de la solicitud: { $error }
detail-body-not-json = el cuerpo no es JSON válido: { $error }
detail-no-route = no hay ninguna ruta para { $method } { $path }
detail-too-many-rows = una importación admite como máximo { $max } filas; divida el archivo

-resultado-desconocido = no se sabe el resultado: el servicio puede haber ejecutado la solicitud. Las lecturas se pueden repetir sin riesgo; repita una escritura solo con la misma Idempotency-Key (entonces se devuelve su primera respuesta y nada se hace dos veces), o verifique antes el registro si no la tenía
detail-upstream-unavailable = no se pudo acceder al servicio { $service }, así que la solicitud no se entregó y no se hizo nada; vuelva a intentarlo más tarde
detail-upstream-connection-lost = se perdió la conexión con el servicio { $service } después de enviar la solicitud; { -resultado-desconocido }
detail-upstream-invalid-answer = no se pudo leer la respuesta del servicio { $service }; { -resultado-desconocido }
detail-upstream-timeout = el servicio { $service } no respondió en { $milliseconds } ms; { -resultado-desconocido }
detail-incomplete-request-body = el cuerpo de la solicitud se cortó antes de terminar mientras se pasaba al servicio { $service }; { -resultado-desconocido }
detail-rate-limited = este cliente puede enviar { $burst } solicitudes seguidas; vuelva a intentarlo en { $seconds } s
detail-uri-too-long = el destino de la solicitud mide { $bytes } bytes; el límite es { $limit } bytes
detail-header-too-large = el encabezado { $name } mide { $bytes } bytes; el límite es { $limit } bytes por encabezado
detail-head-too-large = la línea de solicitud y los encabezados miden { $bytes } bytes; el límite es { $limit } bytes en total
