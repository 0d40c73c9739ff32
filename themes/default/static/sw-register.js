// Minified from themes/default/js/sw-register.js by scripts/minify-js.sh: edit that file.
const script=document.currentScript;"serviceWorker"in navigator&&script&&window.addEventListener("load",()=>{navigator.serviceWorker.register(script.dataset.worker,{scope:script.dataset.scope}).catch(()=>{})});

