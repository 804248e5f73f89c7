import IdxScopeCore

enum QueryView {
    static func draw(_ state: AppState, _ screen: inout Screen) {
        let width = screen.width
        let editorRows = Layout.editorRows(height: screen.height, lineCount: state.editor.lines.count)
        var y = 1
        // Title
        var title: StyledLine = [Span(" SQL ", .title)]
        // F6 is on for the next plan only: say so where the eye is, not only in a passing status.
        if state.analyze { title.append(Span(" ANALYZE: the next plan runs the statement ", .warning)) }
        title.append(Span(" (\(state.explainLabel); F5 plans, Esc back)", .dim))
        screen.put(title, x: 0, y: y, maxWidth: width)
        if state.historyPosition != nil {
            let note = "history \(state.historyPosition! + 1)/\(state.history.entries.count)"
            screen.put(note, x: max(0, width - note.displayWidth - 1), y: y, role: .dim)
        }
        y += 1
        // Editor, scrolled so the cursor row is visible; long lines scroll horizontally.
        let editor = state.editor
        let top = max(0, min(editor.row - editorRows + 1, editor.lines.count - editorRows))
        let gutter = 2
        let textWidth = max(1, width - gutter - 1)
        let cursorPrefix = String(editor.lines[editor.row][..<editor.column])
        let cursorColumn = cursorPrefix.displayWidth
        let shift = cursorColumn >= textWidth ? cursorColumn - textWidth + 1 : 0
        for row in 0..<editorRows {
            screen.fillRow(y + row, role: .editor, from: gutter)
            let lineIndex = top + row
            guard lineIndex < editor.lines.count else { continue }
            screen.put(lineIndex == editor.row ? "›" : " ", x: 0, y: y + row, role: .dim)
            var text: StyledLine = [Span(String(editor.lines[lineIndex]), .editor)]
            if lineIndex == editor.row, shift > 0 { text = StyledText.dropColumns(text, shift) }
            screen.put(text, x: gutter, y: y + row, maxWidth: textWidth)
        }
        if state.screen == .query {
            screen.cursor = (min(width - 1, gutter + cursorColumn - shift), y + editor.row - top)
        }
        y += editorRows
        // Rule with the state of the plan
        let rule: StyledLine
        if state.planRunning {
            rule = [Span(Format.spinner[state.spinnerFrame % Format.spinner.count] + " planning… Esc cancels", .warning)]
        } else if let error = state.planError {
            rule = [Span("✗ " + error, .error)]
        } else if state.plan == nil {
            rule = [Span("F5 (or ^X) plans the statement; the plan appears here", .dim)]
        } else if state.planLeft > 0 {
            // The plan pane's title bar says the plan is scrolled, and by how much.
            let marker = " ◂ +\(state.planLeft) "
            rule = [Span(String(repeating: "─", count: max(0, width - 3 - marker.displayWidth)), .dim),
                    Span(marker, .warning), Span("─", .dim)]
        } else {
            rule = [Span(String(repeating: "─", count: max(0, width - 2)), .dim)]
        }
        screen.put(rule, x: 1, y: y, maxWidth: width - 1)
        y += 1
        // Plan
        let lines = PlanContent.document(state)
        // The same count the reducer pages by (PgDn must move by what is on screen).
        let rows = Layout.planRows(height: screen.height, lineCount: editor.lines.count)
        let planTop = min(state.planTop, max(0, lines.count - rows))
        let room = Layout.planRoom(width: width)
        for (offset, whole) in lines.dropFirst(planTop).prefix(rows).enumerated() {
            let line = state.planLeft > 0 ? StyledText.dropColumns(whole, state.planLeft) : whole
            // A clipped line ends in "…" so a deep or wide plan never looks complete when it is not.
            screen.putMarkingCut(line, x: 1, y: y + offset, maxWidth: room)
        }
    }
}

/// pg_stat_statements' top statements (PostgreSQL only).
enum StatementsView {
    static func draw(_ state: AppState, _ screen: inout Screen) {
        let width = screen.width
        guard let report = state.statements else {
            let text = state.statementsError.map { "✗ " + $0 } ?? "loading statements…"
            screen.put(" " + text, x: 0, y: 2, role: state.statementsError == nil ? .dim : .error)
            return
        }
        guard let list = report.byTotalTime, !list.isEmpty else {
            let text = report.note ?? (report.byTotalTime == nil ? "pg_stat_statements is not available" : "no statements recorded yet")
            screen.put(" " + text, x: 0, y: 2, role: .warning)
            return
        }
        screen.fillRow(1, role: .title)
        let numbers = "   calls   total ms    mean ms       rows  "
        screen.put(numbers + "query", x: 0, y: 1, role: .title)
        let rows = max(1, Layout.contentRows(height: screen.height) - 1)
        for (offset, stats) in list.dropFirst(state.statementsTop).prefix(rows).enumerated() {
            let y = 2 + offset
            let selected = state.statementsTop + offset == state.statementSelected
            if selected { screen.fillRow(y, role: .selection) }
            let query = stats.query.split(whereSeparator: \.isNewline).joined(separator: " ")
            let text = Format.count(stats.calls).padded(to: 8, alignRight: true)
                + Format.milliseconds(stats.totalMs).padded(to: 11, alignRight: true)
                + Format.milliseconds(stats.meanMs).padded(to: 11, alignRight: true)
                + Format.count(stats.rows).padded(to: 11, alignRight: true) + "  " + query
            screen.put(text, x: 0, y: y, role: selected ? .selection : .normal, maxWidth: width)
        }
    }
}
