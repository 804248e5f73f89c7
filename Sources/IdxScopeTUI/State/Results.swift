import Foundation
import IdxScopeCore

/// Folds finished database work into the state.
enum Results {
    static func apply(_ action: Action, _ state: inout AppState, _ effects: inout [Effect]) {
        switch action {
        case .findingKindsDerived(let kinds, let revision):
            // A newer catalog is already being judged: its verdicts will follow.
            if revision == state.catalogRevision {
                state.findingKinds = kinds
                // The filter matches badges: a kept filter such as "unused" narrows again.
                if !state.filter.isEmpty { ListNavigation.rebuild(&state, resort: false) }
            }
            effects.append(.releaseMemory)
        case .statementAdvised(let request, let findings, let notes):
            guard request == state.adviceRequest else { return }
            state.statementAdvice = StatementAdvice(request: request, running: false, findings: findings, notes: notes)
            if state.status?.kind == .cancelling { state.status = nil }
        case .statementAdviceFailed(let request, let message):
            guard request == state.adviceRequest else { return }
            state.statementAdvice = StatementAdvice(request: request, running: false, error: message)
            if state.status?.kind == .cancelling { state.status = nil }
        case .findingsFailed(let message, _):
            state.advising = false
            // Judged again on the next visit (or r).
            state.findingsRevision = nil
            state.status = StatusMessage("advisor: \(message)", isError: message != "advisor cancelled")
            if state.findings == nil { state.findings = [] }
        case .findingsDerived(let findings, let revision, let notes):
            if state.capabilities.workloadStatements != nil { state.advising = false }
            if state.status?.kind == .cancelling { state.status = nil }
            guard revision == state.catalogRevision else {
                // The catalog changed during the run: judge the one shown now.
                if state.screen == .findings { Reducer.requestFindings(&state, &effects) }
                return
            }
            state.findingsNotes = notes
            // Keep the selected finding when it is still there (the same target and kind).
            let previous = state.findings.flatMap { state.findingSelected < $0.count ? $0[state.findingSelected] : nil }
            state.findings = findings
            state.findingSelected = previous.flatMap { old in
                findings.firstIndex { $0.kind == old.kind && $0.table == old.table && $0.index == old.index && $0.columns == old.columns }
            } ?? FindingsContent.order(findings).first ?? 0
            FindingsBrowsing.keepSelectionVisible(&state)
        case .catalogLoaded(var catalog, let at):
            let firstLoad = state.catalog == nil
            if let previous = state.catalog, let previousAt = state.loadedAt {
                state.scanRates = scanRates(from: previous, previousAt: previousAt, to: catalog, at: at)
            }
            if let space = state.space { catalog = catalog.merging(space) }
            state.catalog = catalog
            state.catalogLoading = false
            state.loadedAt = at
            if state.status?.isError == true { state.status = nil }
            state.catalogFailedAt = nil
            state.retryDelay = nil
            state.now = max(state.now, at)
            ListNavigation.rebuild(&state)
            effects.append(.releaseMemory)
            // Sizes come second: the list is usable while they load.
            if firstLoad, !catalog.sizesLoaded, !state.spaceLoading {
                state.spaceLoading = true
                effects.append(.loadSpace)
            }
        case .catalogFailed(let message):
            catalogFailed(message, &state)
        case .spaceProgress(let progress):
            // A report queued behind the result belongs to a pass that has ended.
            if state.spaceLoading { state.spaceProgress = progress }
        case .spaceLoaded(let report):
            state.space = report
            state.spaceLoading = false
            state.spaceProgress = nil
            if state.status?.isError == true, state.status?.sticky == false { state.status = nil }
            state.catalog = state.catalog?.merging(report)
            ListNavigation.rebuild(&state)
            effects.append(.releaseMemory)
        case .spaceFailed(let message):
            state.spaceLoading = false
            state.spaceProgress = nil
            // The catalog's "connection lost" says more than the sizes' echo of it.
            if state.catalogFailedAt == nil { state.status = StatusMessage("sizes: \(message)", isError: true) }
        case .planFinished(let request, let plan):
            guard request == state.planRequest else { return }
            state.planRunning = false
            state.plan = plan
            state.planTop = 0
            state.planLeft = 0
            state.planError = nil
            if state.status?.kind == .cancelling { state.status = nil }
            // The list's lines do not depend on the plan (the ◆ marks are drawn from `planIndexes`).
        case .planFailed(let request, let message, let cancelled):
            guard request == state.planRequest else { return }
            state.planRunning = false
            state.planError = cancelled ? nil : message
            state.status = cancelled ? StatusMessage("plan cancelled") : nil
        case .bloatMeasured(let id, let measured):
            state.bloatMeasuring = nil
            // pgstatindex measures the index alone: what the load knew besides (the table's
            // size, entries) stays, so the detail keeps every section after `b`.
            let known = state.catalog?.indexes.first(where: { $0.id == id })?.space ?? state.space?.indexes[id]
            let space = known.map { measured.keepingFacts(of: $0) } ?? measured
            if var report = state.space {
                report.indexes[id] = space
                state.space = report
            } else {
                state.space = SpaceReport(indexes: [id: space])
            }
            if var catalog = state.catalog, let position = catalog.indexes.firstIndex(where: { $0.id == id }) {
                catalog.indexes[position].space = space
                state.catalog = catalog
            }
            let bloat = space.bloatBytes.map { ByteFormat.human($0) } ?? "unknown"
            state.status = StatusMessage("\(id.name): bloat \(bloat) (exact)")
            ListNavigation.rebuild(&state)
        case .bloatFailed(let id, let message):
            state.bloatMeasuring = nil
            state.status = StatusMessage("\(id.name): \(message)", isError: true)
        case .statementsLoaded(let report):
            state.statements = report
            state.statementsLoading = false
            state.statementsError = nil
        case .statementsFailed(let message):
            state.statementsLoading = false
            state.statementsError = message
        case .historySaveFailed(let message):
            guard !state.historySaveWarned else { return }
            state.historySaveWarned = true
            state.status = StatusMessage("history not saved: \(message)", isError: true)
        case .key, .paste, .mouse, .tick, .resize, .interrupted:
            break
        }
    }

    /// A failed load (a lost connection, mostly): remember when, back off the next automatic
    /// try (2, 4, 8 … 60 s) and say on the status line that `r` retries now.
    static func catalogFailed(_ message: String, _ state: inout AppState) {
        state.catalogLoading = false
        state.catalogFailedAt = state.now
        let delay = state.retryDelay.map { min(AppState.maxRetryDelay, $0 * 2) } ?? AppState.firstRetryDelay
        state.retryDelay = delay
        let what = state.catalog == nil ? "catalog not loaded" : (state.capabilities.serverConnection ? "connection lost" : "reload failed")
        let retry = state.refreshInterval == nil ? "r retries" : "r retries (automatically in \(Int(delay)) s)"
        state.status = StatusMessage("\(what): \(message) — \(retry)", isError: true, sticky: true)
    }

    /// Scans per second from the counter deltas between two loads (a counter reset gives 0).
    static func scanRates(from old: Catalog, previousAt: Date, to new: Catalog, at: Date) -> [IndexID: Double] {
        let seconds = at.timeIntervalSince(previousAt)
        guard seconds > 0 else { return [:] }
        var previous: [IndexID: Int64] = [:]
        for record in old.indexes { if let scans = record.usage.scans { previous[record.id] = scans } }
        var rates: [IndexID: Double] = [:]
        for record in new.indexes {
            guard let now = record.usage.scans, let before = previous[record.id] else { continue }
            rates[record.id] = Double(max(0, now - before)) / seconds
        }
        return rates
    }
}

extension IndexSpace {
    /// This measurement, with the facts it does not carry taken from `earlier`.
    func keepingFacts(of earlier: IndexSpace) -> IndexSpace {
        var merged = self
        merged.sizeBytes = sizeBytes ?? earlier.sizeBytes
        merged.pages = pages ?? earlier.pages
        merged.unusedBytes = unusedBytes ?? earlier.unusedBytes
        merged.depth = depth ?? earlier.depth
        merged.fragmentationPercent = fragmentationPercent ?? earlier.fragmentationPercent
        merged.leafPages = leafPages ?? earlier.leafPages
        merged.entries = entries ?? earlier.entries
        merged.tableSizeBytes = tableSizeBytes ?? earlier.tableSizeBytes
        merged.isTableBTree = isTableBTree || earlier.isTableBTree
        return merged
    }
}
