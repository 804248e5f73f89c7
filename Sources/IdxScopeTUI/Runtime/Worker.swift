import Dispatch
import Foundation
import IdxScopeCore

/// Runs database effects one at a time on a background queue (an inspector owns one
/// connection) and hands the results back as actions for the UI loop to pick up.
final class Worker: @unchecked Sendable {
    private let inspector: any Inspector
    private let queue = DispatchQueue(label: "idxscope.database")
    /// Guards the results and cancel marks; the UI thread takes it, so it is never held across a
    /// database or network call.
    private let lock = NSLock()
    private var finished: [Action] = []
    /// Guards `running` and the interrupt itself, so the queue cannot finish a plan and start the
    /// next job (a catalog load, say) between a look at `running` and the interrupt. Only the
    /// database and cancel queues take it: an interrupt may wait on the network (PQcancel
    /// connects to the server), and the UI thread must never wait for that.
    private let runLock = NSLock()
    /// The effect the queue is executing right now (for Esc: only plans and bloat are cancelled).
    private var running: Effect?
    /// Interrupts run here, off the UI thread.
    private let cancelQueue = DispatchQueue(label: "idxscope.cancel")
    /// Plan requests cancelled before (or while) they ran.
    private var cancelledPlans = Set<Int>()
    private var cancelledBloat = false

    /// Pure analysis runs here, so it neither waits behind a slow query nor blocks the UI.
    private let analysisQueue = DispatchQueue(label: "idxscope.analysis")

    /// Advisor runs queued or running, and whether Esc asked them to stop (an Esc that comes
    /// while the run still waits behind a catalog load counts too).
    private var pendingAdvice = 0
    private var cancelledAdvice = false
    /// `--workload FILE`'s statements for the advisor.
    private let workload: [WorkloadStatement]?

    init(inspector: any Inspector, workload: [WorkloadStatement]? = nil) {
        self.inspector = inspector
        self.workload = workload
    }

    /// History saves in order, off the UI thread: a save waits for other TUIs' lock on the
    /// history directory (flock) and may sit on a slow file system.
    private let historyQueue = DispatchQueue(label: "idxscope.history")

    func appendHistory(_ statement: String, to file: String) {
        historyQueue.async { [self] in
            do { try QueryHistory.append(statement, to: file) }
            catch { post(.historySaveFailed((error as? HistoryFileError)?.message ?? Worker.message(error))) }
        }
    }

    /// Waits for the history saves already asked for (on quit, so none is lost).
    func finishHistory() { historyQueue.sync {} }

    /// The finding badges for a catalog, posted back as `.findingKindsDerived`.
    func deriveFindingKinds(_ catalog: Catalog, revision: Int, now: Date) {
        analysisQueue.async { [self] in
            post(.findingKindsDerived(FindingRules.kinds(in: catalog, now: now), revision: revision))
        }
    }

    /// Every finding with its text, posted back as `.findingsDerived`.
    func deriveFindingList(_ catalog: Catalog, revision: Int, now: Date) {
        analysisQueue.async { [self] in
            post(.findingsDerived(FindingRules.findings(in: catalog, now: now), revision: revision))
        }
    }

    func submit(_ effect: Effect) {
        switch effect {
        case .adviseFindings, .adviseStatement: locked { pendingAdvice += 1 }
        default: break
        }
        queue.async { [self] in
            if case .explain(let request, _, _) = effect, locked({ cancelledPlans.contains(request) }) {
                post(.planFailed(request: request, message: "cancelled", cancelled: true))
                return
            }
            runLocked { running = effect }
            let action = execute(effect)
            runLocked { running = nil }
            if let action { post(action) }
        }
    }

    /// Esc or quit: interrupt a running plan or bloat measurement and drop queued plans; sizes
    /// and catalog loads keep going. Returns at once: the interrupt runs on the cancel queue.
    func cancel(pendingPlan request: Int?) {
        if let request { locked { _ = cancelledPlans.insert(request) } }
        // An advisor run queued or running stops at its next planner call.
        locked { if pendingAdvice > 0 { cancelledAdvice = true } }
        cancelQueue.async { [self] in
            runLocked {
                switch running {
                case .measureBloat?:
                    locked { cancelledBloat = true }
                    inspector.cancel()
                case .explain?, .adviseFindings?, .adviseStatement?:
                    inspector.cancel()
                default:
                    break
                }
            }
        }
    }

    /// Results that arrived since the last call.
    func drain() -> [Action] {
        locked {
            defer { finished.removeAll() }
            return finished
        }
    }

    private func post(_ action: Action) { locked { finished.append(action) } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private func runLocked<T>(_ body: () -> T) -> T {
        runLock.lock()
        defer { runLock.unlock() }
        return body()
    }

    private func execute(_ effect: Effect) -> Action? {
        switch effect {
        case .loadCatalog:
            do { return .catalogLoaded(try inspector.loadCatalog(), at: Date()) }
            catch { return .catalogFailed(Worker.message(error)) }
        case .loadSpace:
            do {
                // SQLite reads page by page and says how far it is; PostgreSQL is one statement.
                if let paging = inspector as? any SpaceProgressReporting {
                    return .spaceLoaded(try paging.loadSpace { [self] progress in post(.spaceProgress(progress)) })
                }
                return .spaceLoaded(try inspector.loadSpace())
            } catch { return .spaceFailed(Worker.message(error)) }
        case .explain(let request, let sql, let analyze):
            do {
                let plan = try inspector.explain(sql, analyze: analyze)
                return .planFinished(request: request, plan)
            } catch {
                let cancelled = locked { cancelledPlans.contains(request) } || (error as? IdxScopeError)?.kind == .cancelled
                return .planFailed(request: request, message: Worker.message(error), cancelled: cancelled)
            }
        case .measureBloat(let id):
            locked { cancelledBloat = false }
            guard let measuring = inspector as? any ExactBloatMeasuring else {
                return .bloatFailed(id, "this engine cannot measure exact bloat")
            }
            do { return .bloatMeasured(id, try measuring.measureBloat(of: id)) }
            catch { return .bloatFailed(id, locked { cancelledBloat } ? "cancelled" : Worker.message(error)) }
        case .loadStatements:
            guard let provider = inspector as? any StatementStatsProviding else {
                return .statementsFailed("this engine records no statement statistics")
            }
            do { return .statementsLoaded(try provider.topStatements(limit: 100)) }
            catch { return .statementsFailed(Worker.message(error)) }
        case .adviseFindings(let catalog, let revision, let now):
            return advise(catalog, revision: revision, now: now)
        case .adviseStatement(let request, let sql, let catalog):
            return adviseStatement(sql, request: request, catalog: catalog)
        case .cancelRunningCall, .appendHistory, .repaintTerminal, .deriveFindings, .deriveFindingList, .releaseMemory, .copyToClipboard:
            return nil  // the EffectRunner's own (never submitted)
        }
    }

    /// The advisor over `--workload` (as `findings --workload`): on SQLite the workload's plans
    /// stand in for the usage counters it lacks.
    private func advise(_ catalog: Catalog, revision: Int, now: Date) -> Action {
        defer {
            locked {
                pendingAdvice -= 1
                if pendingAdvice == 0 { cancelledAdvice = false }
            }
        }
        if locked({ cancelledAdvice }) { return .findingsFailed("advisor cancelled", revision: revision) }
        do {
            let run = try WorkloadAdvice.run(workload ?? [], inspector: inspector, catalog: catalog, minGain: 50) { planner in
                CancellablePlanner(planner) { [self] in locked { cancelledAdvice } }
            }
            let judged = catalog.engine == .sqlite ? AdviceFindings.workloadUsage(catalog, advice: run.advice) : catalog
            let findings = WorkloadAdvice.findings(judged, advice: run.advice, planner: run.planner, now: now)
            return .findingsDerived(findings, revision: revision, notes: [run.advice.summary] + run.advice.notes)
        } catch {
            return .findingsFailed(locked { cancelledAdvice } ? "advisor cancelled" : Worker.message(error), revision: revision)
        }
    }

    /// F7: the advisor on a one-statement workload; the missing findings carry the plan with
    /// the proposed index (hypothetical on both engines: nothing is built).
    private func adviseStatement(_ sql: String, request: Int, catalog: Catalog) -> Action {
        defer {
            locked {
                pendingAdvice -= 1
                if pendingAdvice == 0 { cancelledAdvice = false }
            }
        }
        if locked({ cancelledAdvice }) { return .statementAdviceFailed(request: request, "advisor cancelled") }
        do {
            let run = try WorkloadAdvice.run([WorkloadStatement(text: sql)], inspector: inspector, catalog: catalog, minGain: 50) { planner in
                CancellablePlanner(planner) { [self] in locked { cancelledAdvice } }
            }
            if let error = run.advice.statements.first?.error { return .statementAdviceFailed(request: request, error) }
            return .statementAdvised(request: request, AdviceFindings.missing(run.advice, engine: catalog.engine), notes: run.advice.notes)
        } catch {
            return .statementAdviceFailed(request: request, locked { cancelledAdvice } ? "advisor cancelled" : Worker.message(error))
        }
    }

    static func message(_ error: Error) -> String {
        if let error = error as? IdxScopeError { return error.message }
        return IdxScopeError.oneLine(String(describing: error))
    }
}
