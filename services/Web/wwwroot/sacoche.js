// Keyboard movement in the entry grid: arrows and Enter move the focus between cells (no page reload).
(function () {
  document.addEventListener('keydown', function (ev) {
    const cell = ev.target;
    if (!(cell instanceof HTMLInputElement) || !cell.dataset.gridRow) return;
    const row = parseInt(cell.dataset.gridRow, 10), col = parseInt(cell.dataset.gridCol, 10);
    let r = row, c = col;
    switch (ev.key) {
      case 'ArrowUp': r--; break;
      case 'ArrowDown': case 'Enter': r++; break;
      case 'ArrowLeft': c--; break;
      case 'ArrowRight': c++; break;
      default: return;
    }
    const next = document.querySelector(`input[data-grid-row="${r}"][data-grid-col="${c}"]`);
    ev.preventDefault();
    if (next) { next.focus(); next.select(); }
  });
  // Select the content of a cell on focus so that typing replaces it.
  document.addEventListener('focusin', function (ev) {
    const cell = ev.target;
    if (cell instanceof HTMLInputElement && cell.dataset.gridRow) cell.select();
  });
})();
