import IdxScopeCore

/// Draws the whole state into a fresh `Screen` of `state.width` × `state.height`.
enum Renderer {
    static func render(_ state: AppState) -> Screen {
        var screen = Screen(width: state.width, height: state.height)
        guard screen.width > 0, screen.height > 0 else { return screen }
        if Layout.isTooSmall(width: state.width, height: state.height) {
            drawTooSmall(state, &screen)
            return screen
        }
        ChromeView.header(state, &screen)
        switch state.screen {
        case .indexes: IndexListView.draw(state, &screen)
        case .detail: DetailView.draw(state, &screen)
        case .query: QueryView.draw(state, &screen)
        case .queries: StatementsView.draw(state, &screen)
        case .findings: FindingsView.draw(state, &screen)
        case .help: HelpView.draw(state, &screen)
        }
        ChromeView.statusLine(state, &screen)
        ChromeView.keyBar(state, &screen)
        return screen
    }

    static func drawTooSmall(_ state: AppState, _ screen: inout Screen) {
        let lines = ["Terminal too small", "\(state.width)x\(state.height), need \(Layout.minWidth)x\(Layout.minHeight)", "q quits"]
        let top = max(0, (screen.height - lines.count) / 2)
        for (offset, text) in lines.enumerated() where top + offset < screen.height {
            let clipped = text.clipped(to: screen.width)
            let x = max(0, (screen.width - clipped.displayWidth) / 2)
            screen.put(clipped, x: x, y: top + offset, role: offset == 0 ? .error : .normal)
        }
    }
}

/// The header, status line and key bar every screen shares.
enum ChromeView {
    static func header(_ state: AppState, _ screen: inout Screen) {
        screen.fillRow(0, role: .header)
        var line: StyledLine = [Span(" idxscope ", .header), Span("│ ", .headerLabel), Span(state.screen.title + " ", .header)]
        if let catalog = state.catalog {
            // Most useful first: what is shown, where, then the rest as room allows.
            let shown = state.shownCount
            let count = state.filter.isEmpty ? "\(catalog.indexes.count)" : "\(shown)/\(catalog.indexes.count)"
            line += [Span("│ ", .headerLabel), Span(count, .header), Span(" indexes ", .headerLabel)]
            let version = catalog.serverVersion.split(separator: " ").first.map(String.init) ?? catalog.serverVersion
            line += [Span("│ ", .headerLabel), Span(catalog.engine.rawValue + " ", .headerLabel), Span(version + " ", .header)]
            if catalog.isReplica == true { line += [Span("│ ", .headerLabel), Span("replica ", .header)] }
            // Usage facts before the target: a long conninfo is clipped, the stats window is not.
            if let since = catalog.statsSince {
                line += [Span("│ ", .headerLabel), Span("stats since ", .headerLabel), Span(Format.date(since) + " ", .header)]
                // The age is what says whether "unused" means anything (minutes prove nothing).
                if state.now >= since {
                    line += [Span("(\(Age.describe(state.now.timeIntervalSince(since))) old) ", .header)]
                }
            }
            // Replicas' counters added (--also): "unused" then means unused on every one.
            if let servers = catalog.servers, servers > 1 {
                line += [Span("│ ", .headerLabel), Span("\(servers) ", .header), Span("servers ", .headerLabel)]
            }
            if let interval = state.refreshInterval {
                line += [Span("│ ", .headerLabel),
                         state.refreshPaused ? Span("paused ", .header) : Span("every \(Int(interval))s ", .headerLabel)]
            }
            line += [Span("│ ", .headerLabel), Span(catalog.database + " ", .header)]
        } else {
            line += [Span("│ ", .headerLabel), Span(state.databaseName + " ", .header)]
        }
        let busy = busyText(state)
        let busyWidth = busy.map { $0.displayWidth + 2 } ?? 0
        screen.putMarkingCut(line, x: 0, y: 0, maxWidth: max(0, screen.width - busyWidth))
        if let busy {
            let text = Format.spinner[state.spinnerFrame % Format.spinner.count] + " " + busy
            screen.put(text, x: max(0, screen.width - busyWidth), y: 0, role: .header)
        }
    }

    static func busyText(_ state: AppState) -> String? {
        if state.catalogLoading && state.catalog == nil { return "loading catalog" }
        if state.planRunning { return "planning" }
        if state.spaceLoading { return "loading sizes" }
        if state.bloatMeasuring != nil { return "measuring bloat" }
        if state.statementsLoading { return "loading statements" }
        if state.advising { return "advising" }
        if state.catalogLoading { return state.catalogFailedAt == nil ? "refreshing" : "reconnecting" }
        return nil
    }

    static func statusLine(_ state: AppState, _ screen: inout Screen) {
        let y = screen.height - 2
        screen.fillRow(y, role: .status)
        if state.filterEditing {
            let end = screen.put([Span(" Filter: ", .filter), Span(state.filter, .filter)], x: 0, y: y, maxWidth: screen.width)
            screen.cursor = (min(end, screen.width - 1), y)
            let shown = state.shownCount
            screen.put("  \(shown) match\(shown == 1 ? "" : "es") · Enter keeps · Esc clears", x: end, y: y, role: .status, maxWidth: screen.width - end)
            return
        }
        if state.searchEditing {
            let end = screen.put([Span(" Search: ", .filter), Span(state.searchTerm, .filter)], x: 0, y: y, maxWidth: screen.width)
            screen.cursor = (min(end, screen.width - 1), y)
            let found = DocumentSearch.matchCount(state)
            screen.put("  \(found) line\(found == 1 ? "" : "s") · Enter keeps (n/N) · Esc drops", x: end, y: y, role: .status, maxWidth: screen.width - end)
            return
        }
        if let search = state.historySearch {
            let found = search.match.map { "\($0 + 1)/\(state.history.entries.count)" } ?? "no match"
            let end = screen.put([Span(" (history search) ", .filter), Span(search.term, .filter)], x: 0, y: y, maxWidth: screen.width)
            screen.cursor = (min(end, screen.width - 1), y)
            screen.put("  \(found) · ^R older · Enter keeps · Esc cancels", x: end, y: y, role: .status, maxWidth: screen.width - end)
            return
        }
        if let status = state.status {
            screen.fillRow(y, role: status.isError ? .error : .status)
            screen.putMarkingCut([Span(" " + status.text, status.isError ? .error : .status)], x: 0, y: y, maxWidth: screen.width)
            return
        }
        if let progress = state.spaceProgress, state.spaceLoading {
            screen.putMarkingCut([Span(" " + progressText(progress), .status)], x: 0, y: y, maxWidth: screen.width)
            return
        }
        screen.putMarkingCut([Span(" " + hint(state), .status)], x: 0, y: y, maxWidth: screen.width)
    }

    static let progressBarWidth = 20

    /// "sizes ▕████░░░░▏ 41% · 12,345 of 30,000 pages" while the SQLite page pass runs.
    static func progressText(_ progress: SpaceProgress) -> String {
        let filled = Format.bar(progress.fraction, width: progressBarWidth)
        let bar = filled + String(repeating: "░", count: max(0, progressBarWidth - filled.count))
        let percent = Int(progress.fraction * 100)  // rounded down: 100% only when done
        return "sizes ▕\(bar)▏ \(percent)% · \(ByteFormat.count(progress.pagesRead)) of \(ByteFormat.count(progress.totalPages)) pages"
    }

    static func hint(_ state: AppState) -> String {
        switch state.screen {
        case .indexes:
            var parts = ["sort: \(state.sort.title) \(state.sortDescending ? "↓" : "↑")"]
            if !state.filter.isEmpty { parts.append("filter: \(state.filter)") }
            if state.groupByTable { parts.append("grouped by table") }
            if !state.planIndexes.isEmpty { parts.append("◆ used by the last plan") }
            if state.catalog != nil, !state.hasCounters { parts.append("no usage counters in \(state.capabilities.engine.rawValue)") }
            return parts.joined(separator: " · ")
        case .detail: return "SQL is shown, never run"
        case .query:
            return "\(state.explainLabel) · ↑/↓ at the first/last line walk the history (\(state.history.entries.count))"
        case .queries: return "pg_stat_statements by total time · Enter plans the statement"
        case .findings: return "SQL is shown, never run · Enter opens an index's detail"
        case .help: return "every key, from the key table"
        }
    }

    static func keyBar(_ state: AppState, _ screen: inout Screen) {
        let y = screen.height - 1
        screen.fillRow(y, role: .keyBarLabel)
        var x = 0
        for entry in barEntries(state) {
            let width = entry.keys.displayWidth + entry.label.displayWidth + 2
            if x + width > screen.width { break }
            x = screen.put(entry.keys, x: x, y: y, role: .keyBar)
            x = screen.put(" " + entry.label + " ", x: x, y: y, role: .keyBarLabel)
        }
    }

    /// Help first (as in htop), then the screen's own keys, then the shared ones.
    static func barEntries(_ state: AppState) -> [KeyTable.BarEntry] {
        var entries = KeyTable.bar(for: state.keyContext)
        if state.keyContext == .query { entries.removeAll { $0.command == .openEditor } }
        if !state.capabilities.explainAnalyze { entries.removeAll { $0.command == .toggleAnalyze } }
        // Esc already has a meaning of its own in the filter; in the list it only clears a filter.
        if state.keyContext == .filter || state.keyContext == .indexes { entries.removeAll { $0.command == .back } }
        if let help = entries.firstIndex(where: { $0.command == .help }) {
            let entry = entries.remove(at: help)
            entries.insert(entry, at: 0)
        }
        return entries
    }
}
