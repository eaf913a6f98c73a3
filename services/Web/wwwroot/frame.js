// Sacoche inside a frame (ENT portals often open it so): show « Ouvrir Sacoche dans un nouvel onglet ».
// Why it matters: the session cookies are SameSite=Lax, so inside a frame of another site the browser
// neither keeps nor sends them and the sign-in cannot complete there; a new tab (a top-level page) can.
// Enhanced navigation replaces the page's markup (and <html>'s attributes): applied again after each one.
(function () {
  var framed;
  try { framed = window.self !== window.top; } catch (e) { framed = true; }
  if (!framed) return;
  function update() {
    document.documentElement.classList.add('framed');
    var link = document.getElementById('frame-banner-link');
    if (link) link.href = window.location.href;
  }
  update();
  document.addEventListener('DOMContentLoaded', update);
  if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
    window.Blazor.addEventListener('enhancedload', update);
  }
})();
