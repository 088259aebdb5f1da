// The example dashboard: reads the published questions of this origin (/v1/public, no token)
// and draws them with uPlot. Spanish by default, English on request (kept in localStorage).
// Every chart has a text alternative (aria-label with its numbers) and a table.
"use strict";

(function () {
  const SLUGS = {
    headline: "cobertura-cafe",
    region: "cobertura-cafe-region",
    series: "cobertura-cafe-serie",
    training: "capacitacion-2026",
    formal: "formalizacion",
    formalSeries: "formalizacion-serie",
  };
  const REGIONS = {
    "PE-JUN": "Junín", "PE-CAJ": "Cajamarca", "PE-SAM": "San Martín", "PE-CUS": "Cusco",
    "PE-LIM": "Lima", "PE-PUN": "Puno", "PE-AMA": "Amazonas", "PE-PIU": "Piura",
    "BO-L": "La Paz", "BO-C": "Cochabamba", "BO-S": "Santa Cruz", "BO-N": "Pando", "BO-B": "Beni",
  };
  const TEXT = {
    es: {
      skip: "Saltar al contenido",
      eyebrow: "Formaliza · datos abiertos del programa",
      title: "Protección social y formalización en Perú y Bolivia",
      intro: "Cifras agregadas que el programa publica, calculadas en vivo a partir de sus registros. Las celdas con menos de 5 hogares o personas no se muestran.",
      headline: "Familias productoras de café",
      figPublic: "tienen acceso a servicios públicos (salud, pensiones)",
      figInsurance: "se benefician de mecanismos de aseguramiento",
      byRegion: "Cobertura por región",
      overTime: "Cobertura en el tiempo",
      training: "Participación en capacitaciones",
      formalisation: "Formalización",
      figOrgs: "de las organizaciones son formales",
      figJobs: "de los trabajadores tienen un empleo formal",
      table: "Ver los datos en una tabla",
      footer: "Datos servidos sin credenciales en /v1/public por la API de Formaliza. Gráficos: uPlot (licencia MIT).",
      switchTo: "English", switchLabel: "Show in English", switchLang: "en",
      loading: "Cargando los indicadores…",
      failed: "No se pudieron leer algunos indicadores: ",
      notPublished: "no publicado",
      households: (n, date) => `${n} hogares cafetaleros, al ${date}.`,
      publicService: "Servicios públicos",
      insurance: "Aseguramiento",
      region: "Región",
      month: "Fin de mes",
      withheld: "reservado (menos de 5)",
      women: "Mujeres", men: "Hombres", youth: "Jóvenes (15–29)", notYouth: "Otras edades",
      shortGroups: ["Mujeres", "Hombres", "15–29", "Otras"],
      participants: "Participantes",
      group: "Grupo",
      trainingNote: (t) => `Desde ${t.scope.from || "el inicio"}: ${t.sessions_held} sesiones, ${fmtCount(t.participants)} participantes, ${fmtCount(t.certificates_issued)} certificados emitidos.`,
      orgsOf: (c, n) => `de las organizaciones son formales (${c} de ${n})`,
      jobsOf: (c, n) => `de los trabajadores tienen un empleo formal (${c} de ${n})`,
      formalOrgs: "Organizaciones formales",
      formalJobs: "Trabajadores con empleo formal",
      chartRegion: "Gráfico de barras: porcentaje de familias cafetaleras cubiertas por región. ",
      chartSeries: "Gráfico de líneas: cobertura de las familias cafetaleras por mes. ",
      chartTraining: "Gráfico de barras: participantes en capacitaciones por sexo y edad. ",
      chartFormal: "Gráfico de líneas: formalización por mes. ",
      from: "desde", to: "hasta",
    },
    en: {
      skip: "Skip to content",
      eyebrow: "Formaliza · the programme's open data",
      title: "Social protection and formalisation in Peru and Bolivia",
      intro: "Aggregate figures the programme publishes, computed live from its records. Cells of fewer than 5 households or people are withheld.",
      headline: "Coffee producers' families",
      figPublic: "have access to public services (health, pensions)",
      figInsurance: "benefit from insurance mechanisms",
      byRegion: "Coverage by region",
      overTime: "Coverage over time",
      training: "Training participation",
      formalisation: "Formalisation",
      figOrgs: "of organisations are formal",
      figJobs: "of workers hold a formal job",
      table: "Show the data as a table",
      footer: "Data served without credentials at /v1/public by the Formaliza API. Charts: uPlot (MIT licence).",
      switchTo: "Español", switchLabel: "Ver en español", switchLang: "es",
      loading: "Loading the indicators…",
      failed: "Some indicators could not be read: ",
      notPublished: "not published",
      households: (n, date) => `${n} coffee-producing households, on ${date}.`,
      publicService: "Public services",
      insurance: "Insurance",
      region: "Region",
      month: "Month end",
      withheld: "withheld (fewer than 5)",
      women: "Women", men: "Men", youth: "Youth (15–29)", notYouth: "Other ages",
      shortGroups: ["Women", "Men", "15–29", "Other"],
      participants: "Participants",
      group: "Group",
      trainingNote: (t) => `Since ${t.scope.from || "the start"}: ${t.sessions_held} sessions, ${fmtCount(t.participants)} participants, ${fmtCount(t.certificates_issued)} certificates issued.`,
      orgsOf: (c, n) => `of organisations are formal (${c} of ${n})`,
      jobsOf: (c, n) => `of workers hold a formal job (${c} of ${n})`,
      formalOrgs: "Formal organisations",
      formalJobs: "Workers with a formal job",
      chartRegion: "Bar chart: share of coffee producers' families covered, by region. ",
      chartSeries: "Line chart: coverage of coffee producers' families by month. ",
      chartTraining: "Bar chart: training participants by sex and age. ",
      chartFormal: "Line chart: formalisation by month. ",
      from: "from", to: "to",
    },
  };
  const COLORS = ["#0b5cad", "#a3470a"];
  const STORAGE_KEY = "formaliza-dashboard-lang";

  let lang = readLang();
  const answers = {};
  const failures = [];
  let charts = [];

  function readLang() {
    try {
      const kept = window.localStorage.getItem(STORAGE_KEY);
      return kept === "en" ? "en" : "es";
    } catch (_) {
      return "es";
    }
  }

  function t(key) {
    return TEXT[lang][key];
  }

  function fmtPercent(share) {
    return share == null || share.percentage == null ? "—" : `${share.percentage.toFixed(1)}%`;
  }

  function fmtCount(n) {
    return n == null ? "—" : String(n);
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children || []) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function table(container, caption, head, rows) {
    const wrap = el("div", { class: "table-wrap" }, [
      el("table", {}, [
        el("caption", {}, [caption]),
        el("thead", {}, [el("tr", {}, head.map((h) => el("th", { scope: "col" }, [h])))]),
        el("tbody", {}, rows.map((row) => el("tr", {}, row.map((cell, i) =>
          i === 0 ? el("th", { scope: "row" }, [cell]) : el("td", {}, [cell]))))),
      ]),
    ]);
    container.replaceChildren(wrap);
  }

  function width(container) {
    return Math.max(260, Math.floor(container.clientWidth || 320));
  }

  function describe(container, summary, lines) {
    container.setAttribute("role", "img");
    container.setAttribute("aria-label", summary + lines.join("; ") + ".");
  }

  // `short` labels stand for `labels` on a narrow screen, where the long ones would overlap.
  function barChart(container, labels, series, max, short) {
    const xs = labels.map((_, i) => i);
    const shown = width(container) < 560 && short ? short : labels;
    const n = series.length;
    const opts = {
      width: width(container),
      height: 260,
      legend: { show: n > 1, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: [0, max] } },
      axes: [
        { splits: () => xs, values: (u, splits) => splits.map((i) => shown[i] || ""), gap: 4, size: 48 },
        { values: (u, splits) => splits.map((v) => (max === 100 ? `${v}%` : String(v))) },
      ],
      series: [{}].concat(series.map((s, i) => ({
        label: s.label,
        fill: COLORS[i % COLORS.length],
        stroke: COLORS[i % COLORS.length],
        width: 0,
        paths: uPlot.paths.bars({ size: [n > 1 ? 0.4 : 0.6, 80], align: n > 1 ? (i === 0 ? -1 : 1) : 0 }),
        points: { show: false },
      }))),
    };
    charts.push(new uPlot(opts, [xs].concat(series.map((s) => s.values)), container));
  }

  function lineChart(container, times, series, max) {
    const opts = {
      width: width(container),
      height: 260,
      legend: { live: false },
      scales: { y: { range: [0, max] } },
      axes: [{}, { values: (u, splits) => splits.map((v) => `${v}%`) }],
      series: [{}].concat(series.map((s, i) => ({
        label: s.label,
        stroke: COLORS[i % COLORS.length],
        width: 2,
        value: (u, v) => (v == null ? "—" : `${v.toFixed(1)}%`),
      }))),
    };
    charts.push(new uPlot(opts, [times].concat(series.map((s) => s.values)), container));
  }

  function seconds(date) {
    return Date.parse(`${date}T12:00:00Z`) / 1000;
  }

  function pct(share) {
    return share == null ? null : share.percentage;
  }

  function renderHeadline() {
    const answer = answers[SLUGS.headline];
    if (!answer) return;
    const cell = answer.data[0] || {};
    document.getElementById("fig-public").textContent = fmtPercent(cell.public_service);
    document.getElementById("fig-insurance").textContent = fmtPercent(cell.insurance);
    document.getElementById("fig-note").textContent = t("households")(fmtCount(cell.households), answer.as_of);
  }

  function renderRegion() {
    const answer = answers[SLUGS.region];
    const container = document.getElementById("chart-region");
    if (!answer) return;
    const cells = answer.data.filter((c) => c.group);
    const labels = cells.map((c) => REGIONS[c.group] || c.group);
    const publicValues = cells.map((c) => pct(c.public_service));
    const insuranceValues = cells.map((c) => pct(c.insurance));
    barChart(container, labels, [
      { label: t("publicService"), values: publicValues },
      { label: t("insurance"), values: insuranceValues },
    ], 100, cells.map((c) => c.group.split("-")[1] || c.group));
    const lines = cells.map((c, i) => c.suppressed
      ? `${labels[i]}: ${t("withheld")}`
      : `${labels[i]}: ${t("publicService")} ${fmtPercent(c.public_service)}, ${t("insurance")} ${fmtPercent(c.insurance)}`);
    describe(container, t("chartRegion"), lines);
    table(document.getElementById("table-region"), t("byRegion"),
      [t("region"), t("publicService"), t("insurance")],
      cells.map((c, i) => c.suppressed
        ? [labels[i], t("withheld"), t("withheld")]
        : [labels[i], fmtPercent(c.public_service), fmtPercent(c.insurance)]));
  }

  function renderSeries() {
    const answer = answers[SLUGS.series];
    const container = document.getElementById("chart-series");
    if (!answer) return;
    const points = answer.data;
    lineChart(container, points.map((p) => seconds(p.as_of)), [
      { label: t("publicService"), values: points.map((p) => pct(p.public_service)) },
      { label: t("insurance"), values: points.map((p) => pct(p.insurance)) },
    ], 100);
    const first = points[0], last = points[points.length - 1];
    const ends = [first, last].filter(Boolean).map((p) =>
      `${p.as_of}: ${t("publicService")} ${fmtPercent(p.public_service)}, ${t("insurance")} ${fmtPercent(p.insurance)}`);
    describe(container, t("chartSeries"), ends);
    table(document.getElementById("table-series"), t("overTime"),
      [t("month"), t("publicService"), t("insurance")],
      points.map((p) => [p.as_of, fmtPercent(p.public_service), fmtPercent(p.insurance)]));
  }

  function renderTraining() {
    const answer = answers[SLUGS.training];
    const container = document.getElementById("chart-training");
    if (!answer) return;
    const bySex = answer.participants_by_sex || {}, byAge = answer.participants_by_age || {};
    const rows = [
      [t("women"), bySex.female], [t("men"), bySex.male],
      [t("youth"), byAge.youth], [t("notYouth"), byAge.not_youth],
    ];
    const top = Math.max(10, ...rows.map((r) => r[1] || 0));
    barChart(container, rows.map((r) => r[0]), [
      { label: t("participants"), values: rows.map((r) => (r[1] == null ? null : r[1])) },
    ], Math.ceil(top * 1.15), t("shortGroups"));
    describe(container, t("chartTraining"), rows.map((r) => `${r[0]}: ${r[1] == null ? t("withheld") : r[1]}`));
    document.getElementById("training-note").textContent = t("trainingNote")(answer);
    table(document.getElementById("table-training"), t("training"),
      [t("group"), t("participants")],
      rows.map((r) => [r[0], r[1] == null ? t("withheld") : String(r[1])]));
  }

  function renderFormal() {
    const answer = answers[SLUGS.formal];
    if (answer) {
      const orgs = answer.organisations[0] || {}, workers = answer.workers[0] || {};
      document.getElementById("fig-orgs").textContent = fmtPercent(orgs.formal);
      document.getElementById("fig-jobs").textContent = fmtPercent(workers.with_formal_job);
      document.getElementById("fig-orgs-text").textContent =
        t("orgsOf")(fmtCount(orgs.formal && orgs.formal.count), fmtCount(orgs.organisations));
      document.getElementById("fig-jobs-text").textContent =
        t("jobsOf")(fmtCount(workers.with_formal_job && workers.with_formal_job.count), fmtCount(workers.workers));
    }
    const series = answers[SLUGS.formalSeries];
    const container = document.getElementById("chart-formal");
    if (!series) return;
    const points = series.data;
    lineChart(container, points.map((p) => seconds(p.as_of)), [
      { label: t("formalOrgs"), values: points.map((p) => pct(p.formal_organisations)) },
      { label: t("formalJobs"), values: points.map((p) => pct(p.with_formal_job)) },
    ], 100);
    const first = points[0], last = points[points.length - 1];
    describe(container, t("chartFormal"), [first, last].filter(Boolean).map((p) =>
      `${p.as_of}: ${t("formalOrgs")} ${fmtPercent(p.formal_organisations)}, ${t("formalJobs")} ${fmtPercent(p.with_formal_job)}`));
    table(document.getElementById("table-formal"), t("formalisation"),
      [t("month"), t("formalOrgs"), t("formalJobs")],
      points.map((p) => [p.as_of, fmtPercent(p.formal_organisations), fmtPercent(p.with_formal_job)]));
  }

  function renderTexts() {
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll("[data-i18n]")) {
      const text = TEXT[lang][node.getAttribute("data-i18n")];
      if (typeof text === "string") node.textContent = text;
    }
    document.title = `Formaliza · ${lang === "es" ? "Indicadores publicados" : "Published indicators"}`;
    const button = document.getElementById("lang");
    button.textContent = t("switchTo");
    button.setAttribute("lang", t("switchLang"));
    button.setAttribute("aria-label", t("switchLabel"));
  }

  function render() {
    for (const chart of charts) chart.destroy();
    charts = [];
    renderTexts();
    const parts = [renderHeadline, renderRegion, renderSeries, renderTraining, renderFormal];
    for (const part of parts) part();
    const status = document.getElementById("status");
    status.textContent = failures.length ? t("failed") + failures.join(", ") : "";
  }

  async function getJson(url) {
    const response = await fetch(url, { credentials: "omit", headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  }

  async function load() {
    document.getElementById("status").textContent = t("loading");
    let index = { data: [] };
    try {
      index = await getJson("/v1/public");
    } catch (error) {
      failures.push("/v1/public");
    }
    const published = new Map(index.data.map((q) => [q.slug, q.url]));
    await Promise.all(Object.values(SLUGS).map(async (slug) => {
      const url = published.get(slug);
      if (!url) {
        failures.push(`${slug} (${t("notPublished")})`);
        return;
      }
      try {
        answers[slug] = await getJson(url);
      } catch (error) {
        failures.push(slug);
      }
    }));
    render();
    document.body.setAttribute("data-loaded", "true");
  }

  function start() {
    document.getElementById("lang").addEventListener("click", () => {
      lang = lang === "es" ? "en" : "es";
      try {
        window.localStorage.setItem(STORAGE_KEY, lang);
      } catch (_) { /* private mode: the choice lasts this visit */ }
      render();
    });
    let resizing = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizing);
      resizing = setTimeout(render, 200);
    });
    renderTexts();
    load();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
