// ECharts from its mvnpm jar (org.mvnpm:echarts): the bundled ES module build, imported by the statistics page only, so
// the desk never loads it (index.html does not preload it). It needs no eval; its tooltips are drawn on the canvas
// (renderMode 'richText'), so no HTML with inline styles is made and the Content-Security-Policy holds.
export * from '/_static/echarts/5.6.0/dist/echarts.esm.min.js';
