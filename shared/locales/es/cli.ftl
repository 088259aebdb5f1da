# La línea de comandos, en español (con LANG, LC_MESSAGES o LC_ALL en es_…, o con --lang es).

cli-running =
    Formaliza está en marcha.
      Documentación de la API  { $public }/docs
      Documento OpenAPI        { $public }/openapi.json
      Tablero                  { $public }/dashboard (los indicadores publicados, sin token)
      Salud                    { $public }/healthz, { $public }/readyz
      Métricas                 { $metrics }/metrics (solo para operadores, nunca en el puerto público)
    Obtenga un token (en otra terminal):
      cargo run --release -- clients add --name "Mi ONG" --scopes "members:read members:write" --partner-id mi-ong
      TOKEN=$(cargo run -q --release -- token --client "Mi ONG")
      curl -s { $public }/v1/members -H "Authorization: Bearer $TOKEN"
    Ctrl-C detiene todo.

cli-demo-coverage-loaded =
    Programa de demostración cargado. Cobertura de las familias productoras de café hoy ({ $households } hogares):
      { $public_service }% con acceso a servicios públicos, { $insurance }% con mecanismos de seguro.
cli-demo-coverage-already-loaded =
    El programa de demostración ya estaba cargado. Cobertura de las familias productoras de café hoy ({ $households } hogares):
      { $public_service }% con acceso a servicios públicos, { $insurance }% con mecanismos de seguro.
cli-demo-formalisation = Formalización: { $formal } de { $organisations } organizaciones son formales hoy ({ $formal_then } hace un año); { $formal_jobs } de { $workers } trabajadores ({ $percentage }%) tienen un empleo formal hoy ({ $percentage_then }% hace un año).
cli-demo-programme = Indicadores del programa al { $today } (las líneas de base, las metas y los valores reportados de 2025 son datos de demostración):
cli-demo-clients = Clientes de demostración (los secretos se muestran una sola vez; al ejecutar `formaliza demo` otra vez se reemplazan):
cli-demo-try-it = Pruébelo:
cli-demo-no-token = (público, sin token)
cli-table-indicator = indicador
cli-table-now = hoy
cli-table-reported = último reporte (registros entonces)
cli-table-target = próxima meta
cli-table-on-track = en camino
cli-table-withheld = reservado
cli-table-reported-on = { $value } al { $date } ({ $then })
cli-table-target-by = { $value } al { $date }
cli-status-on_track = en camino
cli-status-off_track = rezagado
cli-status-unknown = sin datos

cli-admin-keep-secret = Guarde el client_secret ahora: solo se almacena su hash y no se puede volver a mostrar.
cli-admin-no-client = no existe el cliente { $id }
cli-admin-no-enabled-client = no hay ningún cliente habilitado con el id o el nombre { $client }
cli-admin-scope-not-allowed = { $name } no puede tener `{ $scope }`
cli-admin-migrated = migraciones aplicadas
cli-admin-key-rotated = nueva clave de firma { $kid }; { $retired } clave(s) anterior(es) retirada(s) (verifican hasta que venzan sus tokens); reinicie el gateway para firmar con ella
cli-admin-enabled = { $id } habilitado
cli-admin-disabled = { $id } deshabilitado

cli-heading-usage = Uso:
cli-heading-options = Opciones
cli-heading-commands = Comandos
cli-about-formaliza = Formaliza: el gateway y los tres servicios en un solo proceso.
cli-after-formaliza = La configuración se lee de variables de entorno (README: Configuration; LEEME.md en español).
cli-about-formaliza-gateway = El gateway de Formaliza: tokens, enrutamiento y la API publicada (README: Configuration).
cli-help-any--help = Muestra la ayuda
cli-help-any--version = Muestra la versión
cli-help-any--lang = Idioma de los mensajes, `es` o `en` (por defecto: según LC_ALL, LC_MESSAGES o LANG).
cli-help-serve = Ejecuta el gateway y los tres servicios, http://localhost:8080/docs (por defecto).
cli-help-demo = Lo mismo, después de cargar el programa de demostración a través de la API (una vez).
cli-help-clients = Registra, lista, deshabilita o habilita clientes de la API, o les da un secreto nuevo.
cli-help-clients-add = Registra un cliente; imprime su id y su secreto (se muestra una sola vez).
cli-help-clients-add--name = Un nombre que la gente reconozca ("Asociación Cafetalera del Perené").
cli-help-clients-add--scopes = Los alcances que puede pedir, separados por espacios ("members:read members:write").
cli-help-clients-add--partner_id = La organización aliada por la que actúa: solo ve y cambia los registros de esa organización. Omítalo para un cliente de todo el programa.
cli-help-clients-list = Lista los clientes.
cli-help-clients-reset-secret = Un secreto nuevo; el anterior deja de funcionar.
cli-help-clients-disable = Rechaza desde ahora las solicitudes de token del cliente.
cli-help-clients-enable = Las vuelve a aceptar.
cli-help-keys = Claves de firma.
cli-help-keys-rotate = Una nueva clave de firma; las anteriores verifican hasta que vencen sus tokens.
cli-help-token = Imprime un token para un cliente registrado (para curl).
cli-help-token--client = El id o el nombre del cliente.
cli-help-token--scopes = Alcances separados por espacios, entre los del cliente (por defecto: todos).
cli-help-migrate = Aplica las migraciones de la base de datos del gateway y termina.
cli-help-help = Muestra este mensaje o la ayuda de los subcomandos indicados
