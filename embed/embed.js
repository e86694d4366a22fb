// <product-configurator>: the configurator as a custom element on a partner's page.
// Usage and the event contract: docs/embedding.md. The build writes this file next to the app
// with the hashed names of the app's module, WebAssembly and style sheet filled in.
const base = new URL('.', import.meta.url);
const STYLE = new URL('@CSS@', base).href;
let module;

/** Loads the app's module once per page, serving elements (it mounts nothing by itself). */
function load() {
  if (!module) {
    globalThis.__productConfigurator = true;
    // Where the built-in catalogs are (catalogs/ beside this file).
    globalThis.__productConfiguratorBase = base.href;
    module = import(new URL('@JS@', base).href).then(async (m) => {
      await m.default({ module_or_path: new URL('@WASM@', base) });
      return m;
    });
  }
  return module;
}

class ProductConfigurator extends HTMLElement {
  static get observedAttributes() {
    return ['catalog', 'product', 'lang', 'config', 'price-book', 'partner-tier'];
  }

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = STYLE;
    this.container = document.createElement('div');
    shadow.append(style, this.container);
  }

  connectedCallback() {
    this.mount();
  }

  disconnectedCallback() {
    this.unmount();
  }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.handle) return;
    if (name === 'catalog' || name === 'product') {
      this.unmount();
      this.mount();
    } else {
      this.handle.update(this);
    }
  }

  async mount() {
    const m = await load();
    if (!this.isConnected || this.handle) return;
    const root = document.createElement('div');
    this.container.replaceChildren(root);
    this.handle = m.mountConfigurator(this, root);
  }

  unmount() {
    this.handle?.free();
    this.handle = undefined;
    this.container.replaceChildren();
  }
}

if (!customElements.get('product-configurator')) {
  customElements.define('product-configurator', ProductConfigurator);
}
