// Keyboard entry in the grid: a key writes the code and saves it (change event → server), then the
// cursor moves to the next student; arrows and Enter move, Delete/Backspace empties the cell.
(function () {
  function cellAt(r, c) { return document.querySelector(`input[data-grid-row="${r}"][data-grid-col="${c}"]`); }
  function move(cell, dr, dc) {
    const next = cellAt(parseInt(cell.dataset.gridRow, 10) + dr, parseInt(cell.dataset.gridCol, 10) + dc);
    if (next) { next.focus(); next.select(); }
  }
  function commit(cell, value) {
    cell.value = value;
    cell.dispatchEvent(new Event('change', { bubbles: true }));
  }
  document.addEventListener('keydown', function (ev) {
    const cell = ev.target;
    if (!(cell instanceof HTMLInputElement) || !cell.dataset.gridRow || cell.readOnly) return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    switch (ev.key) {
      case 'ArrowUp': ev.preventDefault(); move(cell, -1, 0); return;
      case 'ArrowDown': case 'Enter': ev.preventDefault(); move(cell, 1, 0); return;
      case 'ArrowLeft': ev.preventDefault(); move(cell, 0, -1); return;
      case 'ArrowRight': ev.preventDefault(); move(cell, 0, 1); return;
      case 'Delete': case 'Backspace': ev.preventDefault(); commit(cell, ''); return;
      case 'Tab': return;
    }
    if (ev.key.length === 1 && /[0-9a-zA-Z]/.test(ev.key)) {
      ev.preventDefault();
      commit(cell, ev.key.toUpperCase());
      move(cell, 1, 0);
    }
  });
  document.addEventListener('focusin', function (ev) {
    const cell = ev.target;
    if (cell instanceof HTMLInputElement && cell.dataset.gridRow) cell.select();
  });
})();

// The circuit is one WebSocket without the negotiate request: both would otherwise have to reach the
// same instance of the UI, which the load balancer in front of several instances does not promise.
Blazor.start({
  circuit: {
    configureSignalR: function (builder) {
      builder.withUrl('_blazor', { skipNegotiation: true, transport: 1 /* WebSockets */ });
    }
  }
});
