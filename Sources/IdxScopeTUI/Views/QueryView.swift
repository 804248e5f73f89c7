import IdxScopeCore

/// The plan as tree lines with box-drawing connectors, coloured by node kind.
enum PlanContent {
    static func role(for kind: PlanNodeKind) -> Role {
        switch kind {
        // A step idxscope cannot read is shown as a scan would be: never as harmless.
        case .fullScan, .unknown: return .fullScan
        case .indexFullScan: return .indexFullScan
        case .indexSearch, .rowidLookup, .limitedScan: return .indexSearch
        // Sorts and temp B-trees cost memory or disk per run: amber, like SQLite's USE TEMP B-TREE.
        case .tempBTree, .automaticIndex, .sort: return .warning
        case .join, .other: return .normal
        }
    }

    static func width(_ line: StyledLine) -> Int { line.reduce(0) { $0 + $1.text.displayWidth } }

    /// `line` without its first `columns` columns; a wide character cut in two leaves a space
    /// for its right half so the rest stays in its columns.
    static func dropColumns(_ line: StyledLine, _ columns: Int) -> StyledLine {
        var remaining = columns
        var out: StyledLine = []
        for span in line {
            guard remaining > 0 else { out.append(span); continue }
            var index = span.text.startIndex
            var kept = ""
            while index < span.text.endIndex, remaining > 0 {
                let w = DisplayWidth.of(span.text[index])
                if w > remaining { kept = String(repeating: " ", count: w - remaining) }
                remaining -= min(w, remaining)
                index = span.text.index(after: index)
            }
            let rest = kept + span.text[index...]
            if !rest.isEmpty { out.append(Span(rest, span.role)) }
        }
        return out
    }

    static func lines(plan: QueryPlan?) -> [StyledLine] {
        guard let plan else { return [] }
        var out: [StyledLine] = []
        var heading = [Span(plan.analyzed ? "QUERY PLAN (analyzed)" : "QUERY PLAN", .title)]
        if let planning = plan.planningMs { heading.append(Span("  planning \(Format.milliseconds(planning)) ms", .dim)) }
        if let execution = plan.executionMs { heading.append(Span("  execution \(Format.milliseconds(execution)) ms", .dim)) }
        out.append(heading)
        for line in ExplainReport.treeLines(plan) {
            let node = line.node
            var styled: StyledLine = [Span(line.prefix, .dim), Span(node.detail, role(for: node.kind))]
            var rows: [String] = []
            if let estimated = node.estimatedRows { rows.append("rows≈\(Format.rows(estimated))") }
            if let actual = node.actualRows { rows.append("actual \(Format.rows(actual))") }
            if !rows.isEmpty { styled.append(Span("  " + rows.joined(separator: " "), .dim)) }
            out.append(styled)
            for extra in node.extra { out.append([Span(line.extraPrefix + extra, .dim)]) }
        }
        let scans = plan.fullScans
        out.append([])
        if scans.isEmpty {
            out.append([Span("no full table scans", .indexSearch)])
        } else {
            out.append([Span("full scan of " + scans.joined(separator: ", "), .fullScan)])
        }
        if !plan.indexesUsed.isEmpty {
            out.append([Span("◆ ", .marker), Span("indexes used: " + plan.indexesUsed.joined(separator: ", "), .normal)])
        }
        return out
    }
}

enum QueryView {
    static func draw(_ state: AppState, _ screen: inout Screen) {
        let width = screen.width
        let editorRows = Layout.editorRows(height: screen.height, lineCount: state.editor.lines.count)
        var y = 1
        // Title
        let mode = state.capabilities.engine == .sqlite ? "EXPLAIN QUERY PLAN" : (state.analyze ? "EXPLAIN ANALYZE" : "EXPLAIN")
        screen.put([Span(" SQL ", .title), Span("(\(mode); F5 plans, Esc back)", .dim)], x: 0, y: y, maxWidth: width)
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
            var text = String(editor.lines[lineIndex])
            if lineIndex == editor.row, shift > 0 { text = dropColumns(text, shift) }
            screen.put(text, x: gutter, y: y + row, role: .editor, maxWidth: textWidth)
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
            rule = [Span("F5 (or ^R) plans the statement; the plan appears here", .dim)]
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
        let lines = PlanContent.lines(plan: state.plan)
        // The same count the reducer pages by (PgDn must move by what is on screen).
        let rows = Layout.planRows(height: screen.height, lineCount: editor.lines.count)
        let planTop = min(state.planTop, max(0, lines.count - rows))
        let room = planRoom(width: width)
        for (offset, whole) in lines.dropFirst(planTop).prefix(rows).enumerated() {
            let line = state.planLeft > 0 ? PlanContent.dropColumns(whole, state.planLeft) : whole
            // A clipped line ends in "…" so a deep or wide plan never looks complete when it is not.
            let lineWidth = PlanContent.width(line)
            if lineWidth > room, room > 1 {
                screen.put(line, x: 1, y: y + offset, maxWidth: room - 1)
                screen.put("…", x: room, y: y + offset, role: .dim)
            } else {
                screen.put(line, x: 1, y: y + offset, maxWidth: room)
            }
        }
    }

    /// Columns the plan lines get (column 0 is a margin).
    static func planRoom(width: Int) -> Int { width - 1 }

    /// `text` without its first `columns` columns. A wide character cut in two leaves a space
    /// for its right half, so the rest (and the cursor computed from `columns`) keep their columns.
    static func dropColumns(_ text: String, _ columns: Int) -> String {
        var dropped = 0
        var index = text.startIndex
        while index < text.endIndex, dropped < columns {
            dropped += DisplayWidth.of(text[index])
            index = text.index(after: index)
        }
        return String(repeating: " ", count: dropped - min(dropped, columns)) + text[index...]
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
