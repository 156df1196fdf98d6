/* global echarts, document, window, fetch, URLSearchParams */
/**
 * The built-in dashboards page. It draws the widgets the server describes
 * (Redash's visualization options and 12-column positions) from the JSON
 * results of the definition's fixed queries, and reloads them on a timer.
 */
'use strict';

const state = {
  model: null,
  dashboard: null,
  charts: new Map(),
  timer: null,
  refreshes: 0,
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function toNumber(value) {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

function formatNumber(value, decimals, thousands = true) {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: thousands,
  });
}

/** The subset of numeral.js formats the definition uses. */
function formatByPattern(value, pattern) {
  const number = toNumber(value);
  if (number === null) return value === null ? '' : String(value);
  const decimals = (pattern.split('.')[1] || '').replace(/[^0]/g, '').length;
  return formatNumber(number, decimals, pattern.includes(','));
}

function formatDateTime(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace('T', ' ').slice(0, 19);
}

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function renderCounter(body, options, rows) {
  body.classList.add('counter');
  const row = rows[(options.rowNumber || 1) - 1];
  const raw = row ? row[options.counterColName] : null;
  const number = toNumber(raw);
  const decimals = options.stringDecimal || 0;
  const text =
    number === null
      ? raw === null || raw === undefined
        ? '–'
        : String(raw)
      : formatNumber(number, decimals);
  const value = el(
    'div',
    'value',
    `${options.stringPrefix || ''}${text}${number === null ? '' : options.stringSuffix || ''}`,
  );
  value.dataset.value = raw === null || raw === undefined ? '' : String(raw);
  if (raw === 'pass' || raw === 'fail') value.classList.add(raw);
  body.append(value);

  const targetRow = rows[(options.targetRowNumber || 1) - 1];
  const target =
    options.targetColName && targetRow
      ? toNumber(targetRow[options.targetColName])
      : null;
  if (target !== null && number !== null) {
    const line = el('div', 'target');
    const delta = number - target;
    const better = options.lowerIsBetter ? delta < 0 : delta > 0;
    const change = el(
      'span',
      delta === 0 ? '' : better ? 'good' : 'bad',
      target === 0
        ? `${delta >= 0 ? '+' : ''}${formatNumber(delta, decimals)}`
        : `${delta >= 0 ? '+' : ''}${formatNumber((delta / target) * 100, 1)}%`,
    );
    line.append(change, ` vs ${formatNumber(target, decimals)}`);
    line.dataset.target = String(target);
    body.append(line);
  }
}

function chartFor(body, key) {
  let holder = body.querySelector('.chart');
  if (!holder) {
    holder = el('div', 'chart');
    body.append(holder);
  }
  let chart = state.charts.get(key);
  if (!chart || chart.getDom() !== holder) {
    chart = echarts.init(holder, null, { renderer: 'canvas' });
    state.charts.set(key, chart);
  }
  return chart;
}

const SERIES_TYPES = { column: 'bar', line: 'line', area: 'line' };

function renderChart(body, viz, rows) {
  const options = viz.options;
  const mapping = options.columnMapping || {};
  const x = Object.keys(mapping).find((column) => mapping[column] === 'x');
  const ys = Object.keys(mapping).filter((column) => mapping[column] === 'y');
  // One point on a time axis spans days of empty range: use categories.
  const timeAxis = rows.length > 1 && String(rows[0][x]).includes('T');
  const stacked = Boolean(options.series && options.series.stacking);
  const usesRight = ys.some(
    (column) => (options.seriesOptions[column] || {}).yAxis === 1,
  );
  const series = ys.map((column) => {
    const seriesOptions = options.seriesOptions[column] || {};
    const kind = seriesOptions.type || options.globalSeriesType || 'line';
    return {
      name: seriesOptions.name || column,
      type: SERIES_TYPES[kind] || 'line',
      yAxisIndex: seriesOptions.yAxis === 1 ? 1 : 0,
      stack: stacked ? 'total' : undefined,
      areaStyle: kind === 'area' ? {} : undefined,
      showSymbol: rows.length < 40,
      data: rows.map((row) =>
        timeAxis
          ? [row[x], toNumber(row[column]) ?? 0]
          : (toNumber(row[column]) ?? 0),
      ),
    };
  });
  const yAxes = (options.yAxis || [{}]).slice(0, usesRight ? 2 : 1);
  chartFor(body, viz.key).setOption(
    {
      animation: false,
      grid: { left: 56, right: usesRight ? 56 : 16, top: 36, bottom: 28 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis' },
      xAxis: timeAxis
        ? { type: 'time' }
        : {
            type: 'category',
            data: rows.map((row) =>
              String(row[x]).includes('T') ? formatDateTime(row[x]) : row[x],
            ),
          },
      yAxis: yAxes.map((axis) => ({
        type: 'value',
        name: (axis.title && axis.title.text) || '',
        position: axis.opposite ? 'right' : 'left',
      })),
      series,
    },
    true,
  );
}

function renderFunnel(body, viz, rows) {
  const options = viz.options;
  const step = options.stepCol.colName;
  const value = options.valueCol.colName;
  const first = toNumber(rows[0] && rows[0][value]) || 0;
  chartFor(body, viz.key).setOption(
    {
      animation: false,
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          top: 8,
          bottom: 8,
          minSize: '8%',
          label: {
            position: 'inside',
            formatter: (item) =>
              `${item.name}: ${formatNumber(item.value, 0)}` +
              (first > 0
                ? ` (${formatNumber((item.value / first) * 100, 1)}%)`
                : ''),
          },
          data: rows.map((row) => ({
            name: String(row[step]),
            value: toNumber(row[value]) ?? 0,
          })),
        },
      ],
    },
    true,
  );
}

function renderTable(body, options, result) {
  const columns =
    options.columns && options.columns.length > 0
      ? options.columns.filter((column) => column.visible !== false)
      : result.columns.map((name) => ({ name, title: name }));
  const table = el('table');
  const head = el('tr');
  for (const column of columns) head.append(el('th', '', column.title));
  const thead = el('thead');
  thead.append(head);
  table.append(thead);
  const tbody = el('tbody');
  for (const row of result.rows) {
    const tr = el('tr');
    for (const column of columns) {
      const raw = row[column.name];
      let text;
      if (raw === null || raw === undefined) text = '';
      else if (column.type === 'number' && column.numberFormat)
        text = formatByPattern(raw, column.numberFormat);
      else if (column.type === 'datetime') text = formatDateTime(raw);
      else if (typeof raw === 'object') text = JSON.stringify(raw);
      else text = String(raw);
      tr.append(el('td', column.type === 'number' ? 'number' : '', text));
    }
    tbody.append(tr);
  }
  table.append(tbody);
  const wrap = el('div', 'table-wrap');
  wrap.append(table);
  body.append(wrap);
}

function drawWidget(node, widget, result) {
  const viz = widget.visualization;
  const body = node.querySelector('.body');
  const keepChart = viz.type === 'CHART' || viz.type === 'FUNNEL';
  for (const child of [...body.children]) {
    if (!(keepChart && child.classList.contains('chart'))) child.remove();
  }
  body.className = 'body';
  node.dataset.rows = String(result.rows.length);
  if (result.rows.length === 0) {
    const chart = state.charts.get(viz.key);
    if (chart) chart.clear();
    body.append(el('div', 'empty', 'No data yet'));
    node.dataset.drawn = 'empty';
    return;
  }
  if (viz.type === 'COUNTER') renderCounter(body, viz.options, result.rows);
  else if (viz.type === 'CHART') renderChart(body, viz, result.rows);
  else if (viz.type === 'FUNNEL') renderFunnel(body, viz, result.rows);
  else renderTable(body, viz.options, result);
  node.dataset.drawn = 'true';
}

function buildGrid(dashboard) {
  const grid = document.getElementById('grid');
  for (const chart of state.charts.values()) chart.dispose();
  state.charts.clear();
  grid.replaceChildren();
  const nodes = [];
  for (const widget of dashboard.widgets) {
    const { col, row, sizeX, sizeY } = widget.position;
    const node = el('section', 'widget');
    node.style.gridColumn = `${col + 1} / span ${sizeX}`;
    node.style.gridRow = `${row + 1} / span ${sizeY}`;
    if (widget.text !== undefined) {
      node.classList.add('text');
      node.append(el('h2', '', widget.text.replace(/^#+\s*/, '')));
    } else {
      const viz = widget.visualization;
      node.dataset.key = viz.key;
      node.dataset.type = viz.type;
      node.append(el('div', 'title', viz.name), el('div', 'body'));
      if (viz.description) node.title = viz.description;
      nodes.push({ node, widget });
    }
    grid.append(node);
  }
  return nodes;
}

async function refresh(nodes) {
  const dashboard = state.dashboard;
  const keys = new Set(nodes.map(({ widget }) => widget.visualization.query));
  keys.add(dashboard.dataPresenceQuery);
  const results = new Map();
  await Promise.all(
    [...keys].map(async (key) => {
      try {
        results.set(key, await getJson(`/api/queries/${key}`));
      } catch (error) {
        results.set(key, { error: error.message });
      }
    }),
  );
  if (state.dashboard !== dashboard) return;
  for (const { node, widget } of nodes) {
    const result = results.get(widget.visualization.query);
    if (result.error) {
      const body = node.querySelector('.body');
      body.replaceChildren(el('div', 'error', result.error));
      node.dataset.drawn = 'error';
    } else {
      drawWidget(node, widget, result);
    }
  }
  const presence = results.get(dashboard.dataPresenceQuery);
  const notice = document.getElementById('notice');
  const empty = !presence.error && presence.rows.length === 0;
  notice.hidden = !empty;
  notice.textContent = empty ? dashboard.noDataMessage : '';
  document.body.dataset.noData = String(empty);
  const time = new Date().toISOString().slice(11, 19);
  document.getElementById('status').textContent =
    `updated ${time} UTC · refreshes every ${state.model.refreshSeconds} s`;
  state.refreshes += 1;
  document.body.dataset.refreshes = String(state.refreshes);
}

function show(slug) {
  const dashboard =
    state.model.dashboards.find((d) => d.slug === slug) ||
    state.model.dashboards[0];
  state.dashboard = dashboard;
  document.title = `${dashboard.name} · Pulse`;
  for (const link of document.querySelectorAll('#tabs a')) {
    link.classList.toggle('active', link.dataset.slug === dashboard.slug);
  }
  document.body.dataset.dashboard = dashboard.slug;
  delete document.body.dataset.refreshes;
  state.refreshes = 0;
  const nodes = buildGrid(dashboard);
  if (state.timer) window.clearInterval(state.timer);
  // A slow reload is not stacked under the next one.
  let running = false;
  state.timer = window.setInterval(() => {
    if (running) return;
    running = true;
    refresh(nodes).finally(() => {
      running = false;
    });
  }, state.model.refreshSeconds * 1000);
  return refresh(nodes);
}

async function main() {
  state.model = await getJson('/api/dashboards');
  const tabs = document.getElementById('tabs');
  for (const dashboard of state.model.dashboards) {
    const link = el('a', '', dashboard.name.replace(/^Pulse:\s*/, ''));
    link.href = `#${dashboard.slug}`;
    link.dataset.slug = dashboard.slug;
    tabs.append(link);
  }
  window.addEventListener('hashchange', () =>
    show(window.location.hash.slice(1)),
  );
  window.addEventListener('resize', () => {
    for (const chart of state.charts.values()) chart.resize();
  });
  const params = new URLSearchParams(window.location.search);
  await show(params.get('dashboard') || window.location.hash.slice(1));
}

main().catch((error) => {
  document.getElementById('status').textContent = `error: ${error.message}`;
});
