// Measurements taken inside a page, shared by the site tests and their negative controls.

// How far the document is wider than the viewport, and which elements stick out.
export function horizontalOverflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const limit = doc.clientWidth;
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      if (el.classList.length) s += `.${[...el.classList].join('.')}`;
      return s;
    };
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit + 1) {
        offenders.push(`${describe(el)} (right edge ${Math.round(r.right)}px)`);
        if (offenders.length === 8) break;
      }
    }
    return {
      scrollWidth: doc.scrollWidth,
      clientWidth: limit,
      innerWidth: window.innerWidth,
      offenders,
    };
  });
}

// The focused element, described well enough to assert on and to read in a failure.
export function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      className: el.className,
      href: el.getAttribute('href'),
      text: el.textContent.trim(),
      inViewport:
        r.width > 0 &&
        r.height > 0 &&
        r.top >= 0 &&
        r.left >= 0 &&
        r.bottom <= window.innerHeight &&
        r.right <= window.innerWidth,
      visible: style.visibility !== 'hidden' && style.display !== 'none' && style.opacity !== '0',
    };
  });
}

// The landmark and heading facts of a page.
export function structure(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    title: document.title.trim(),
    h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    mains: document.querySelectorAll('main, [role="main"]').length,
    mainText: (document.querySelector('main')?.innerText ?? '').trim(),
  }));
}
