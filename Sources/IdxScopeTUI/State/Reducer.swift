import Foundation
import IdxScopeCore

/// The single place where state changes: `reduce(state, action) -> (state, effects)`. Pure: no
/// I/O, no drawing, no clock reads (time arrives in `.tick`).
enum Reducer {
    static func start(_ state: AppState) -> (AppState, [Effect]) {
        var state = state
        state.catalogLoading = true
        return (state, [.loadCatalog])
    }

    static func reduce(_ state: AppState, _ action: Action) -> (AppState, [Effect]) {
        var state = state
        var effects: [Effect] = []
        let revision = state.catalogRevision
        switch action {
        case .key(let key):
            handleKey(key, &state, &effects)
        case .paste(let text):
            paste(text, &state)
        case .mouse(let event):
            Mouse.handle(event, &state, &effects)
        case .tick(let now):
            state.now = now
            if state.isBusy { state.spinnerFrame += 1 }
            abandonOverdueCancel(&state)
            if reloadIsDue(state, now: now) {
                state.catalogLoading = true
                effects.append(.loadCatalog)
            }
        case .resize(let width, let height):
            state.width = width
            state.height = height
            ListNavigation.keepSelectionVisible(&state)
            ListScrolling.clamp(&state)
        case .interrupted(let signal):
            state.exitSignal = signal
            quit(&state, &effects)
        default:
            Results.apply(action, &state, &effects)
        }
        // Findings depend on the catalog alone: judged again whenever it changed, off the UI thread.
        if state.catalogRevision != revision, let catalog = state.catalog {
            effects.append(.deriveFindings(catalog, revision: state.catalogRevision, now: state.now))
            if state.screen == .findings { requestFindings(&state, &effects) }
        }
        return (state, effects)
    }

    /// Quit (a key or a signal): a running plan or bloat measurement is cancelled on the way out.
    static func quit(_ state: inout AppState, _ effects: inout [Effect]) {
        state.shouldQuit = true
        if state.planRunning || state.bloatMeasuring != nil || state.advising || state.statementAdvice?.running == true {
            effects.append(.cancelRunningCall(plan: state.planRunning ? state.planRequest : nil))
        }
    }

    /// Auto-refresh (PostgreSQL counters): every `refreshInterval` after a load, or after a
    /// failed load every `retryDelay` (backing off), never while a load runs.
    static func reloadIsDue(_ state: AppState, now: Date) -> Bool {
        guard !state.catalogLoading, !state.refreshPaused, let interval = state.refreshInterval else { return false }
        if let failedAt = state.catalogFailedAt {
            return now.timeIntervalSince(failedAt) >= (state.retryDelay ?? AppState.firstRetryDelay)
        }
        guard let loadedAt = state.loadedAt else { return false }
        return now.timeIntervalSince(loadedAt) >= interval
    }

    static func handleKey(_ key: Key, _ state: inout AppState, _ effects: inout [Effect]) {
        let context = state.keyContext
        let reachedByEsc = state.listReachedByEsc
        state.listReachedByEsc = false
        guard let command = KeyTable.command(for: key, in: context) else {
            // Printable characters are text in the editor and the filter prompt.
            if case .char(let character) = key {
                if context == .query {
                    QueryEditing.insert(character, &state)
                } else if context == .filter {
                    FilterEditing.insert(character, &state)
                } else if context == .historySearch {
                    HistorySearching.insert(character, &state)
                } else if context == .search {
                    DocumentSearch.insert(character, &state)
                }
            }
            return
        }
        state.listReachedByEsc = reachedByEsc && command == .back
        // Any command (movement, a screen change, Esc …) dismisses the previous message,
        // errors included; an ongoing condition stays until it ends.
        if state.status?.sticky == false { state.status = nil }
        perform(command, &state, &effects)
    }

    /// A paste is text where text is typed (editor, filter prompt) and ignored elsewhere, so
    /// pasted letters never run commands such as q.
    static func paste(_ text: String, _ state: inout AppState) {
        switch state.keyContext {
        case .query:
            QueryEditing.paste(text, &state)
        case .historySearch:
            for character in text where !character.isNewline { HistorySearching.insert(character, &state) }
        case .filter:
            FilterEditing.paste(text, &state)
        default:
            state.status = StatusMessage("paste ignored: e opens the query editor, / the filter")
        }
    }

    static func perform(_ command: Command, _ state: inout AppState, _ effects: inout [Effect]) {
        switch command {
        case .quit:
            quit(&state, &effects)
        case .help:
            if state.screen == .help {
                state.screen = state.returnScreen
            } else {
                state.returnScreen = state.screen
                state.screen = .help
                state.helpTop = 0
            }
        case .back:
            back(&state, &effects)
        case .nextScreen, .previousScreen:
            // Detail needs a selected index (none with 0 indexes or a filter without matches).
            let cycle = state.cycle.filter { $0 != .detail || state.selectedRecord != nil }
            let current = state.screen == .help ? state.returnScreen : state.screen
            let position = cycle.firstIndex(of: current) ?? cycle.firstIndex(of: .indexes) ?? 0
            let step = command == .nextScreen ? 1 : cycle.count - 1
            state.filterEditing = false
            show(cycle[(position + step) % cycle.count], &state, &effects)
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            Scrolling.move(command, &state)
        case .openDetail:
            if state.selectedRecord != nil { show(.detail, &state, &effects) }
        case .openEditor:
            show(.query, &state, &effects)
        case .openQueries:
            show(.queries, &state, &effects)
        case .openFindings:
            show(.findings, &state, &effects)
        case .openFindingDetail:
            FindingsBrowsing.openDetail(&state, &effects)
        case .startFilter, .acceptFilter, .clearFilter, .filterBackspace:
            FilterEditing.perform(command, &state)
        case .listScrollLeft, .listScrollRight:
            ListScrolling.scroll(right: command == .listScrollRight, &state)
        case .sortNext, .sortPrevious:
            let columns = SortColumn.allCases.filter { $0.isShown(state.facts) }
            let position = columns.firstIndex(of: state.sort) ?? 0
            let step = command == .sortNext ? 1 : columns.count - 1
            state.sort = columns[(position + step) % columns.count]
            state.sortDescending = state.sort.startsDescending
            ListNavigation.rebuild(&state)
        case .sortReverse:
            state.sortDescending.toggle()
            ListNavigation.rebuild(&state)
        case .groupByTable:
            state.groupByTable.toggle()
            ListNavigation.rebuild(&state)
        case .repaint:
            // Only the screen: reloading is r's job (a repaint must not cost a catalog query).
            effects.append(.repaintTerminal)
        case .pauseRefresh:
            guard state.capabilities.liveCounters, state.refreshInterval != nil else {
                state.status = StatusMessage("auto-refresh applies to PostgreSQL counters; SQLite keeps none")
                return
            }
            state.refreshPaused.toggle()
            state.status = StatusMessage(state.refreshPaused ? "auto-refresh paused: p resumes, r reloads once" : "auto-refresh resumed")
        case .refresh:
            if state.screen == .queries, !state.statementsLoading {
                state.statementsLoading = true
                effects.append(.loadStatements)
                return
            }
            if !state.catalogLoading {
                state.catalogLoading = true
                effects.append(.loadCatalog)
            }
            if !state.spaceLoading {
                state.spaceLoading = true
                effects.append(.loadSpace)
            }
        case .fasterRefresh, .slowerRefresh:
            changeRefreshInterval(faster: command == .fasterRefresh, &state)
        case .measureBloat:
            measureBloat(&state, &effects)
        case .plan, .toggleAnalyze, .planScrollLeft, .planScrollRight, .editorNewline, .editorBackspace, .editorDelete, .editorLeft, .editorRight,
             .editorUp, .editorDown, .editorHome, .editorEnd, .editorClear, .editorIndent,
             .editorKillToEnd, .editorDeleteWord, .editorWordLeft, .editorWordRight:
            QueryEditing.perform(command, &state, &effects)
        case .historySearch, .historySearchAccept, .historySearchCancel, .historySearchBackspace:
            HistorySearching.perform(command, &state)
        case .adviseStatement:
            QueryEditing.requestAdvice(&state, &effects)
        case .startSearch, .searchNext, .searchPrevious, .acceptSearch, .cancelSearch, .searchBackspace:
            DocumentSearch.perform(command, &state)
        case .copy:
            Copying.copy(&state, &effects)
        case .useStatement:
            guard let list = state.statements?.byTotalTime, state.statementSelected < list.count else { return }
            state.editor = TextEditor(text: list[state.statementSelected].query)
            state.historyPosition = nil
            // A recorded statement has $1 … placeholders: plan it, never run it (EXPLAIN ANALYZE
            // would execute it with NULLs bound).
            state.analyze = false
            show(.query, &state, &effects)
            QueryEditing.perform(.plan, &state, &effects)
        }
    }

    static func show(_ screen: ScreenKind, _ state: inout AppState, _ effects: inout [Effect]) {
        if screen == .detail, state.selectedRecord == nil {
            state.status = StatusMessage("no index selected", isError: true)
            return
        }
        if screen == .queries {
            guard state.capabilities.statementStats else {
                state.status = StatusMessage("top statements need PostgreSQL with pg_stat_statements", isError: true)
                return
            }
            if state.statements == nil, !state.statementsLoading {
                state.statementsLoading = true
                effects.append(.loadStatements)
            }
        }
        if screen == .detail {
            state.detailTop = 0
            state.detailOpenedFrom = state.screen == .findings ? .findings : .indexes
        }
        if screen == .findings { requestFindings(&state, &effects) }
        state.screen = screen
    }

    static func back(_ state: inout AppState, _ effects: inout [Effect]) {
        switch state.screen {
        case .help:
            state.screen = state.returnScreen
        case .query where state.planRunning || state.statementAdvice?.running == true:
            effects.append(.cancelRunningCall(plan: state.planRunning ? state.planRequest : nil))
            state.status = StatusMessage("cancelling…", kind: .cancelling)
            if state.cancelRequestedAt == nil { state.cancelRequestedAt = state.now }
        case .detail where state.bloatMeasuring != nil:
            effects.append(.cancelRunningCall(plan: nil))
            if state.cancelRequestedAt == nil { state.cancelRequestedAt = state.now }
        case .findings where state.advising:
            effects.append(.cancelRunningCall(plan: nil))
            state.status = StatusMessage("cancelling the advisor…", kind: .cancelling)
        case .indexes:
            // Esc Esc to leave the editor lands here with the first Esc; the second keeps the filter.
            if state.listReachedByEsc, !state.filter.isEmpty {
                state.listReachedByEsc = false
                state.status = StatusMessage("filter \"\(state.filter)\" kept: Esc again clears it")
            } else {
                FilterEditing.clear(&state)
            }
        case .detail where state.detailOpenedFrom == .findings:
            state.screen = .findings
        default:
            state.screen = .indexes
            state.listReachedByEsc = true
        }
    }

    /// A cancel the server has not answered by the deadline (a stopped server, a silent network)
    /// is abandoned: the UI stops waiting, a late result is ignored, and the status says why.
    static func abandonOverdueCancel(_ state: inout AppState) {
        guard let asked = state.cancelRequestedAt else { return }
        let advisingStatement = state.statementAdvice?.running == true
        guard state.planRunning || state.bloatMeasuring != nil || advisingStatement else {
            state.cancelRequestedAt = nil
            return
        }
        guard state.now.timeIntervalSince(asked) >= AppState.cancelDeadline else { return }
        state.cancelRequestedAt = nil
        if state.planRunning {
            state.planRunning = false
            state.planRequest += 1  // the abandoned plan's result, should it come, matches no request
        }
        if advisingStatement {
            state.statementAdvice = nil
            state.adviceRequest += 1  // likewise for the abandoned F7 advice
        }
        state.bloatMeasuring = nil
        state.status = StatusMessage("cancel abandoned: no answer from the server in \(Int(AppState.cancelDeadline)) s; "
                                     + "the connection stays busy until it answers (q quits at once)", isError: true)
    }

    /// Every finding with its reason and SQL, derived off the UI thread for the catalog shown.
    static func requestFindings(_ state: inout AppState, _ effects: inout [Effect]) {
        guard let catalog = state.catalog, state.findingsRevision != state.catalogRevision else { return }
        if state.capabilities.workloadStatements != nil {
            // One run at a time: a catalog that changes meanwhile (sizes arriving) is advised on
            // when this run's (then stale) result comes back.
            guard !state.advising else { return }
            state.findingsRevision = state.catalogRevision
            state.advising = true
            effects.append(.adviseFindings(catalog, revision: state.catalogRevision, now: state.now))
        } else {
            state.findingsRevision = state.catalogRevision
            effects.append(.deriveFindingList(catalog, revision: state.catalogRevision, now: state.now))
        }
    }

    static func changeRefreshInterval(faster: Bool, _ state: inout AppState) {
        guard state.capabilities.liveCounters, let current = state.refreshInterval else {
            state.status = StatusMessage("auto-refresh applies to PostgreSQL counters; SQLite keeps none", isError: false)
            return
        }
        let steps = AppState.refreshIntervals
        let position = steps.firstIndex(of: current) ?? 2
        let next = faster ? max(0, position - 1) : min(steps.count - 1, position + 1)
        state.refreshInterval = steps[next]
        state.status = StatusMessage("refreshing counters every \(Int(steps[next])) s")
    }

    static func measureBloat(_ state: inout AppState, _ effects: inout [Effect]) {
        guard let record = state.selectedRecord else { return }
        guard state.capabilities.exactBloat else {
            state.status = StatusMessage("exact bloat needs PostgreSQL with pgstattuple; \(state.capabilities.engine.rawValue) shows what dbstat measures", isError: true)
            return
        }
        if let refusal = IndexList.exactBloatRefusal(record.info) {
            // Say why instead of a server error.
            state.status = StatusMessage(refusal, isError: true)
            return
        }
        guard state.bloatMeasuring == nil else { return }
        state.bloatMeasuring = record.id
        state.status = StatusMessage("measuring bloat of \(record.info.name)…")
        effects.append(.measureBloat(record.id))
    }
}
