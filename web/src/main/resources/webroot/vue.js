// Vue's runtime build from the WebJar: components are render functions, so no template is compiled in the browser
// and the Content-Security-Policy needs no 'unsafe-eval'.
export * from '/webjars/vue/3.5.13/dist/vue.runtime.esm-browser.prod.js';
