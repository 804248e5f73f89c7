import IdxScopeCore

/// Column widths of the index list for a given terminal width: fixed columns first, then the
/// table, name and columns texts share what is left. Decoration (the bar, scans/s) goes first
/// when the texts lack comfortable room; the data columns (bloat, then scans, then the finding
/// badge; size always stays) go only when the texts cannot even get their minimums, since
/// long texts clip with "…" but a missing column hides its facts entirely.
struct IndexColumns: Equatable {
    var table = 0, name = 0, columns = 0
    var bar = 0
    var scans = 0, rate = 0, bloat = 0, badge = 0
    static let marker = 2, flags = 4, size = 8
    static let minimums = (table: 6, name: 8, columns: 7)

    static func fit(width: Int, naturals: (table: Int, name: Int, columns: Int), counters: Bool, bloat: Bool, badge: Bool) -> IndexColumns {
        var result = IndexColumns()
        result.scans = counters ? 8 : 0
        result.rate = counters ? 8 : 0
        result.bloat = bloat ? 9 : 0
        result.badge = badge ? 7 : 0
        result.bar = 10
        let floor = minimums.table + minimums.name + minimums.columns
        // Enough room for the names to be read (long names are still clipped with "…").
        let comfortable = max(floor, min(naturals.table, 14) + min(naturals.name, 24) + min(naturals.columns, 16))
        let decoration: [(inout IndexColumns) -> Void] = [{ $0.bar = 6 }, { $0.rate = 0 }, { $0.bar = 0 }]
        for reduce in decoration where result.flexibleRoom(width) < comfortable { reduce(&result) }
        let data: [(inout IndexColumns) -> Void] = [{ $0.bloat = 0 }, { $0.scans = 0 }, { $0.badge = 0 }]
        for reduce in data where result.flexibleRoom(width) < floor { reduce(&result) }
        result.shareTexts(room: max(0, result.flexibleRoom(width)), naturals: naturals)
        return result
    }

    /// Natural widths when they fit; otherwise the index name (what a row is about) first, up
    /// to three fifths of the room; of the rest, the shorter of table and columns gets what it
    /// needs (up to half), the longer takes what is left, and room neither needs goes back to
    /// the name. So a table name is never cut to make room for a long expression it could sit
    /// beside in full.
    mutating func shareTexts(room: Int, naturals: (table: Int, name: Int, columns: Int)) {
        let minimums = IndexColumns.minimums
        let wanted = (table: max(minimums.table, naturals.table), name: max(minimums.name, naturals.name),
                      columns: max(minimums.columns, naturals.columns))
        if wanted.table + wanted.name + wanted.columns <= room {
            (table, name, columns) = wanted
            return
        }
        name = min(wanted.name, max(minimums.name, min(room - minimums.table - minimums.columns, room * 3 / 5)))
        let rest = max(0, room - name)
        let half = rest / 2
        if wanted.table <= half {
            table = wanted.table
        } else if wanted.columns <= rest - half {
            table = rest - wanted.columns
        } else {
            table = half
        }
        table = min(table, rest)
        columns = min(wanted.columns, rest - table)
        name = min(wanted.name, room - table - columns)
        if name + table + columns > room { name = max(0, room - table - columns) }
    }

    /// The columns for the state's list width and listed rows (the view draws them, a click
    /// on a title is placed by them).
    static func fit(_ state: AppState) -> IndexColumns {
        fit(width: listWidth(state), naturals: naturals(state), counters: state.facts.hasCounters, bloat: state.facts.anyBloat,
            badge: !state.findingKinds.isEmpty)
    }

    /// A text wider than this is still cut when the list is scrolled sideways (a long
    /// expression would otherwise take dozens of → presses to cross).
    static let scrolledTextCap = 120

    static func naturals(_ state: AppState) -> (table: Int, name: Int, columns: Int) {
        let widths = state.listedWidths
        guard state.listLeft > 0 else { return (widths.table, widths.name, widths.columns) }
        let cap = scrolledTextCap
        return (min(cap, widths.table), min(cap, widths.name), min(cap, widths.columns))
    }

    /// The width the list is laid out in: the screen's; scrolled sideways, wide enough for
    /// every column and every text in full (pspg), never narrower than the screen.
    static func listWidth(_ state: AppState) -> Int {
        state.listLeft > 0 ? max(state.width, naturalWidth(state)) : state.width
    }

    /// The columns the window starts right of the frozen marker column (the reducer's steps
    /// may overshoot the list's last column by less than a step).
    static func shownLeft(_ state: AppState) -> Int {
        max(0, min(state.listLeft, listWidth(state) - state.width))
    }

    /// Every column shown and every text (capped) at its natural width.
    static func naturalWidth(_ state: AppState) -> Int {
        var full = IndexColumns()
        full.bar = 10
        full.scans = state.facts.hasCounters ? 8 : 0
        full.rate = full.scans
        full.bloat = state.facts.anyBloat ? 9 : 0
        full.badge = state.findingKinds.isEmpty ? 0 : 7
        let cap = scrolledTextCap, widths = state.listedWidths
        let texts = min(cap, max(minimums.table, widths.table)) + min(cap, max(minimums.name, widths.name))
            + min(cap, max(minimums.columns, widths.columns))
        return (state.width - full.flexibleRoom(state.width)) + texts
    }

    struct TitleCell {
        var x: Int, width: Int
        var sort: SortColumn?
        var label = ""
        var alignRight = false
    }

    /// The title row's cells left to right, each with the sort column a click on it chooses.
    func titleCells() -> [TitleCell] {
        var cells: [TitleCell] = []
        var x = IndexColumns.marker
        func cell(_ sort: SortColumn?, _ width: Int, label: String = "", right: Bool = false) {
            guard width > 0 else { return }
            cells.append(TitleCell(x: x, width: width, sort: sort, label: label, alignRight: right))
            x += width + 1
        }
        cell(.table, table)
        cell(.name, name)
        cell(.columns, columns)
        cell(nil, IndexColumns.flags, label: "flag")
        cell(.size, IndexColumns.size, right: true)
        cell(nil, bar)
        cell(.scans, scans, right: true)
        cell(.scanRate, rate, right: true)
        cell(.bloat, bloat, right: true)
        cell(nil, badge)
        return cells
    }

    /// Width left for table + name + columns after the fixed columns and one-space gaps.
    func flexibleRoom(_ width: Int) -> Int {
        var fixed = IndexColumns.marker + IndexColumns.flags + 1 + IndexColumns.size + 1 + 2 // gaps after table, name, columns
        if bar > 0 { fixed += bar + 1 }
        for column in [scans, rate, bloat, badge] where column > 0 { fixed += column + 1 }
        return width - fixed
    }
}

enum IndexListView {
    static func draw(_ state: AppState, _ screen: inout Screen) {
        let columns = IndexColumns.fit(state)
        guard state.listLeft == 0 else {
            var wide = Screen(width: IndexColumns.listWidth(state), height: screen.height)
            var whole = state
            whole.listLeft = 0
            drawList(whole, columns, &wide)
            copyWindow(of: wide, left: IndexColumns.shownLeft(state), to: &screen)
            return
        }
        drawList(state, columns, &screen)
    }

    static func drawList(_ state: AppState, _ columns: IndexColumns, _ screen: inout Screen) {
        let records = state.records
        let firstRow = 1
        let rows = Layout.listRows(height: screen.height)
        let facts = state.facts
        drawTitles(state, columns, y: firstRow, &screen)

        guard !state.lines.isEmpty else {
            let message: String
            if state.catalog == nil { message = state.catalogLoading ? "loading the catalog…" : "no catalog" }
            else if records.isEmpty { message = "this database has no indexes" }
            else { message = "no index matches \"\(state.filter)\" (Esc clears the filter)" }
            screen.put("  " + message, x: 0, y: firstRow + 1, role: .dim)
            return
        }
        let largest = facts.largestSize
        let marked = state.planIndexes
        let end = min(state.lines.count, state.listTop + rows)
        for (offset, line) in state.lines[state.listTop..<end].enumerated() {
            let y = firstRow + 1 + offset
            let selected = state.listTop + offset == state.selectedLine
            switch line {
            case .group(let table, let schema, let count, let bytes):
                let qualified = facts.showsSchema || !(schema == "main" || schema == "public")
                var text = "▾ \(qualified ? schema + "." : "")\(table)  \(count) index\(count == 1 ? "" : "es")"
                if let bytes { text += ", " + ByteFormat.human(bytes) }
                screen.put(text, x: 0, y: y, role: .group)
            case .index(let position):
                drawRow(records[position], columns, y: y, selected: selected, marked: marked.contains(records[position].info.name),
                        largest: largest, rate: state.scanRates[records[position].id], grouped: state.groupByTable,
                        showsSchema: facts.showsSchema, finding: state.findingKinds[records[position].id], &screen)
            }
        }
    }

    /// Scrolled sideways: the list is drawn at its full width and the window from `listLeft`
    /// copied to the screen, titles included; the marker column stays (pspg's frozen column)
    /// and shows `◂` on the title row.
    static func copyWindow(of wide: Screen, left: Int, to screen: inout Screen) {
        let marker = IndexColumns.marker
        for y in 1..<max(1, screen.height - 2) {
            for x in 0..<screen.width {
                let source = x < marker ? x : x + left
                var cell = source < wide.width ? wide[source, y] : Cell(text: " ", role: wide[max(0, wide.width - 1), y].role)
                // Half of a wide character cut at either edge of the window shows as a space.
                if cell.isContinuation && x == marker { cell = Cell(text: " ", role: cell.role) }
                if x == screen.width - 1, source + 1 < wide.width, wide[source + 1, y].isContinuation {
                    cell = Cell(text: " ", role: cell.role)
                }
                screen[x, y] = cell
            }
        }
        screen.put("◂", x: 0, y: 1, role: .title)
    }

    static func drawTitles(_ state: AppState, _ columns: IndexColumns, y: Int, _ screen: inout Screen) {
        screen.fillRow(y, role: .title)
        func title(_ sort: SortColumn) -> String {
            sort.title + (sort == state.sort ? (state.sortDescending ? "▼" : "▲") : "")
        }
        for cell in columns.titleCells() {
            let text = cell.sort.map(title) ?? cell.label
            screen.put(text.padded(to: cell.width, alignRight: cell.alignRight), x: cell.x, y: y, role: .title)
        }
    }

    static func drawRow(_ record: IndexRecord, _ columns: IndexColumns, y: Int, selected: Bool, marked: Bool, largest: Int64,
                        rate: Double?, grouped: Bool, showsSchema: Bool = false, finding: Finding.Kind? = nil, _ screen: inout Screen) {
        if selected { screen.fillRow(y, role: .selection) }
        func role(_ normal: Role) -> Role { selected ? .selection : normal }
        let info = record.info
        var x = 0
        func cell(_ text: String, _ width: Int, _ cellRole: Role, right: Bool = false) {
            guard width > 0 else { return }
            // Escaped before padding, so an escaped name keeps its column (a line break shows as `\n`).
            screen.put(text.escapingControlCharacters().padded(to: width, alignRight: right), x: x, y: y, role: role(cellRole))
            x += width + 1
        }
        screen.put(marked ? "◆" : " ", x: 0, y: y, role: role(.marker))
        x = IndexColumns.marker
        cell(IndexList.tableLabel(info, showsSchema: showsSchema), columns.table, grouped ? .dim : .normal)
        cell(info.name, columns.name, .normal)
        cell(IndexList.columnsText(info), columns.columns, .normal)
        cell(IndexList.flags(info), IndexColumns.flags, .normal)
        cell(record.space.sizeBytes.map { ByteFormat.human($0) } ?? "…", IndexColumns.size, record.space.sizeBytes == nil ? .dim : .normal, right: true)
        if columns.bar > 0 {
            if record.space.isTableBTree {
                // A WITHOUT ROWID table's own b-tree is the table, not an index: no index bar.
                cell("table", columns.bar, .dim)
            } else {
                let fraction = largest > 0 ? Double(record.space.sizeBytes ?? 0) / Double(largest) : 0
                cell(Format.bar(fraction, width: columns.bar), columns.bar, .bar)
            }
        }
        cell(record.usage.scans.map(Format.count) ?? "-", columns.scans, record.usage.scans == nil ? .dim : .normal, right: true)
        cell(rate.map(Format.rate) ?? "-", columns.rate, rate == nil ? .dim : .normal, right: true)
        if columns.bloat > 0 {
            let bloat = record.space.bloatBytes.map { ByteFormat.human($0) + (record.space.bloatExact ? "" : "~") } ?? "-"
            cell(bloat, columns.bloat, record.space.bloatBytes == nil ? .dim : .normal, right: true)
        }
        // Badges come from Core's FindingRules only, so the list never disagrees with `check`.
        if columns.badge > 0, let finding {
            screen.put(IndexList.badge(finding), x: x, y: y, role: finding == Finding.Kind.invalid ? .error : .unused)
        }
    }
}
