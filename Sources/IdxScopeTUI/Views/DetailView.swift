/// Draws the detail document of the selected index, scrolled.
enum DetailView {
    static func draw(_ state: AppState, _ screen: inout Screen) {
        let lines = DetailContent.lines(for: state)
        let rows = Layout.contentRows(height: screen.height)
        let top = min(state.detailTop, max(0, lines.count - rows))
        for (offset, line) in lines.dropFirst(top).prefix(rows).enumerated() {
            screen.putMarkingCut(line, x: 1, y: 1 + offset, maxWidth: screen.width - 1)
        }
    }
}
