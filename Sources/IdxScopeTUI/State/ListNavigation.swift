import IdxScopeCore

/// Keeps the derived list lines, the selection and the scroll position consistent.
enum ListNavigation {
    /// Recomputes the visible lines after the catalog, filter, sort or grouping changed,
    /// keeping the same index selected when it is still listed. `resort: false` (a filter
    /// keystroke) reuses the sorted order and per-record facts.
    static func rebuild(_ state: inout AppState, resort: Bool = true) {
        let previous = state.selectedRecord?.id
        let records = state.records
        // Search keys and widths follow the catalog; the order follows the sort as well.
        let stale = state.facts.revision != state.catalogRevision || state.facts.searchKeys.count != records.count
        if stale {
            let order = state.facts.sortedOrder
            state.facts = CatalogFacts.compute(records)
            state.facts.sortedOrder = order
            state.facts.revision = state.catalogRevision
        }
        if resort || stale {
            state.facts.sortedOrder = IndexList.sortedOrder(records: records, sort: state.sort, descending: state.sortDescending,
                                                            groupByTable: state.groupByTable, scanRates: state.scanRates)
        }
        let kinds = state.findingKinds
        state.lines = IndexList.lines(records: records, sortedOrder: state.facts.sortedOrder, searchKeys: state.facts.searchKeys,
                                      filter: state.filter, groupByTable: state.groupByTable) { position in
            kinds[records[position].id].map(IndexList.badge)
        }
        var widths = CatalogFacts.Widths(table: 5, name: 5, columns: 7)
        var shown = 0
        for line in state.lines {
            guard let position = line.recordIndex else { continue }
            shown += 1
            let w = state.facts.widths[position]
            widths.table = max(widths.table, w.table)
            widths.name = max(widths.name, w.name)
            widths.columns = max(widths.columns, w.columns)
        }
        state.shownCount = shown
        state.listedWidths = widths
        if let previous, let line = state.lines.firstIndex(where: { $0.recordIndex.map { records[$0].id } == previous }) {
            state.selectedLine = line
        } else {
            state.selectedLine = firstSelectable(in: state.lines, from: 0, step: 1) ?? 0
        }
        keepSelectionVisible(&state)
        ListScrolling.clamp(&state)
    }

    static func firstSelectable(in lines: [ListLine], from start: Int, step: Int) -> Int? {
        var line = start
        while line >= 0, line < lines.count {
            if lines[line].recordIndex != nil { return line }
            line += step
        }
        return nil
    }

    /// Moves the selection to `target` (clamped), skipping group headings in the direction of travel.
    static func select(_ target: Int, direction: Int, _ state: inout AppState) {
        guard !state.lines.isEmpty else { state.selectedLine = 0; state.listTop = 0; return }
        let clamped = min(max(0, target), state.lines.count - 1)
        state.selectedLine = firstSelectable(in: state.lines, from: clamped, step: direction)
            ?? firstSelectable(in: state.lines, from: clamped, step: -direction)
            ?? clamped
        keepSelectionVisible(&state)
    }

    static func keepSelectionVisible(_ state: inout AppState) {
        let rows = Layout.listRows(height: state.height)
        var top = state.listTop
        // Show a group's heading together with its first index.
        let wanted = state.selectedLine > 0 && state.lines.indices.contains(state.selectedLine - 1)
            && state.lines[state.selectedLine - 1].recordIndex == nil ? state.selectedLine - 1 : state.selectedLine
        if wanted < top { top = wanted }
        if state.selectedLine >= top + rows { top = state.selectedLine - rows + 1 }
        top = min(top, max(0, state.lines.count - rows))
        state.listTop = max(0, top)
    }
}

/// Up/down/page/top/bottom on whichever screen is showing.
enum Scrolling {
    static func move(_ command: Command, _ state: inout AppState) {
        switch state.screen {
        case .indexes:
            let page = Layout.listRows(height: state.height)
            switch command {
            case .moveUp: ListNavigation.select(state.selectedLine - 1, direction: -1, &state)
            case .moveDown: ListNavigation.select(state.selectedLine + 1, direction: 1, &state)
            case .pageUp: ListNavigation.select(state.selectedLine - page, direction: -1, &state)
            case .pageDown: ListNavigation.select(state.selectedLine + page, direction: 1, &state)
            case .top: ListNavigation.select(0, direction: 1, &state)
            default: ListNavigation.select(state.lines.count - 1, direction: -1, &state)
            }
        case .detail:
            let total = DetailContent.lines(for: state).count
            state.detailTop = scrolled(state.detailTop, command, total: total, rows: Layout.contentRows(height: state.height))
        case .help:
            let total = HelpContent.lines(capabilities: state.capabilities, notes: state.catalog?.notes ?? []).count
            state.helpTop = scrolled(state.helpTop, command, total: total, rows: Layout.contentRows(height: state.height))
        case .query:
            let total = PlanContent.document(state).count
            let rows = Layout.planRows(height: state.height, lineCount: state.editor.lines.count)
            state.planTop = scrolled(state.planTop, command, total: total, rows: rows)
        case .findings:
            FindingsBrowsing.move(command, &state)
        case .queries:
            let count = state.statements?.byTotalTime?.count ?? 0
            let rows = max(1, Layout.contentRows(height: state.height) - 1)
            var selected = state.statementSelected
            switch command {
            case .moveUp: selected -= 1
            case .moveDown: selected += 1
            case .pageUp: selected -= rows
            case .pageDown: selected += rows
            case .top: selected = 0
            default: selected = count - 1
            }
            state.statementSelected = max(0, min(selected, count - 1))
            if state.statementSelected < state.statementsTop { state.statementsTop = state.statementSelected }
            if state.statementSelected >= state.statementsTop + rows { state.statementsTop = state.statementSelected - rows + 1 }
        }
    }

    /// A text view's new top line, kept within [0, total - rows].
    static func scrolled(_ top: Int, _ command: Command, total: Int, rows: Int) -> Int {
        let maxTop = max(0, total - rows)
        let page = max(1, rows - 1)
        let next: Int
        switch command {
        case .moveUp: next = top - 1
        case .moveDown: next = top + 1
        case .pageUp: next = top - page
        case .pageDown: next = top + page
        case .top: next = 0
        default: next = maxTop
        }
        return max(0, min(next, maxTop))
    }
}
