import Foundation
import IdxScopeCore

enum ScreenKind: String, CaseIterable, Sendable {
    case indexes, detail, query, queries, findings, help

    var title: String {
        switch self {
        case .indexes: return "Indexes"
        case .detail: return "Detail"
        case .query: return "Query"
        case .queries: return "Statements"
        case .findings: return "Findings"
        case .help: return "Help"
        }
    }
}

/// What the inspector behind the app can do beyond the basic protocol.
struct Capabilities: Equatable, Sendable {
    var engine: Engine
    var exactBloat: Bool
    var statementStats: Bool
    /// EXPLAIN ANALYZE can run the statement (PostgreSQL); SQLite only has EXPLAIN QUERY PLAN.
    var explainAnalyze: Bool
    /// The usage counters move while the UI shows them, so they are refreshed on a timer (PostgreSQL).
    var liveCounters: Bool
    /// Work goes over a server connection that can be lost (PostgreSQL); a SQLite reload fails
    /// for what happened to the file (a lock, corruption, deletion), never a "connection".
    var serverConnection: Bool
    /// `--workload FILE`: how many statements the advisor runs for the Findings screen (nil: none).
    var workloadStatements: Int?

    init(engine: Engine, exactBloat: Bool = false, statementStats: Bool = false) {
        self.engine = engine
        self.exactBloat = exactBloat
        self.statementStats = statementStats
        explainAnalyze = engine == .postgresql
        liveCounters = engine == .postgresql
        serverConnection = engine == .postgresql
    }
}

struct StatusMessage: Equatable, Sendable {
    /// What the message is about, so code asks the kind rather than comparing text.
    enum Kind: Equatable, Sendable {
        case info
        case error
        /// An ongoing failure (a lost connection): keys do not dismiss it, the condition's end does.
        case condition
        /// Esc asked the running plan to stop; the plan's end (or the cancel deadline) clears it.
        case cancelling
    }

    var text: String
    var kind: Kind
    var isError: Bool { kind == .error || kind == .condition }
    var sticky: Bool { kind == .condition }

    init(_ text: String, kind: Kind) {
        self.text = text
        self.kind = kind
    }

    init(_ text: String, isError: Bool = false, sticky: Bool = false) {
        self.init(text, kind: sticky ? .condition : (isError ? .error : .info))
    }
}

/// The whole UI state: a value the reducer transforms and the views draw.
struct AppState: Equatable, Sendable {
    var capabilities: Capabilities
    var databaseName: String
    var screen: ScreenKind = .indexes
    /// The screen Help or Detail returns to.
    var returnScreen: ScreenKind = .indexes
    var width: Int = 80
    var height: Int = 24
    var shouldQuit = false
    /// The signal that ended the session (the exit status is 128 + it), nil after q.
    var exitSignal: Int32?
    var status: StatusMessage?
    var now = Date(timeIntervalSince1970: 0)
    var spinnerFrame = 0

    // Catalog and loading
    var catalog: Catalog? {
        // Findings depend on the catalog alone: derive them when it changes, not per keystroke.
        didSet { catalogRevision &+= 1 }
    }
    /// Bumped whenever `catalog` is replaced or edited, so per-catalog facts know when to renew
    /// (and the run loop knows to derive the findings again, off the UI thread).
    var catalogRevision = 0
    /// The most important finding's kind per index (Core's FindingRules), for the list's badges;
    /// the detail asks FindingRules for the one finding it shows.
    var findingKinds: [IndexID: Finding.Kind] = [:]
    var space: SpaceReport?
    var catalogLoading = false
    var spaceLoading = false
    /// How far the sizes' page pass is (SQLite); nil before its first report and once it ends.
    var spaceProgress: SpaceProgress?
    var loadedAt: Date?
    var scanRates: [IndexID: Double] = [:]
    /// PostgreSQL: seconds between counter refreshes (nil: no auto-refresh).
    var refreshInterval: TimeInterval?
    /// `p`: auto-refresh held (the counters stay as they are until `p` again or `r`).
    var refreshPaused = false
    static let refreshIntervals: [TimeInterval] = [1, 2, 5, 10, 30, 60]
    /// When the last catalog load failed (nil once one succeeds): retries wait `retryDelay`
    /// from here instead of hammering a lost server every tick.
    var catalogFailedAt: Date?
    /// Seconds before the next automatic retry; doubles per failure up to `maxRetryDelay`.
    var retryDelay: TimeInterval?
    static let firstRetryDelay: TimeInterval = 2
    static let maxRetryDelay: TimeInterval = 60

    /// When Esc asked the running plan or bloat measurement to stop (nil: no cancel pending).
    var cancelRequestedAt: Date?
    /// A cancel the server has not answered within this many seconds is abandoned (a stopped
    /// server or a silent network): the UI stops waiting and says so.
    static let cancelDeadline: TimeInterval = 3

    // Index list
    var filter = ""
    var filterEditing = false
    var sort: SortColumn = .table
    var sortDescending = false
    var groupByTable = false
    var lines: [ListLine] = []
    /// Index lines among `lines` (group headings excluded).
    var shownCount = 0
    var facts = CatalogFacts()
    /// The widest table, name and columns text among the listed rows.
    var listedWidths = CatalogFacts.Widths(table: 5, name: 5, columns: 7)
    var selectedLine = 0
    var listTop = 0
    /// Columns the index list is scrolled right (←/→); 0: the list fits the screen.
    var listLeft = 0
    /// The list was reached by Esc from another screen: a second Esc (a habit when leaving the
    /// editor) must not also drop the kept filter.
    var listReachedByEsc = false

    // Findings (every one, the table findings included; derived off the UI thread when shown)
    var findings: [Finding]?
    /// The catalog revision `findings` were derived from (a newer catalog asks again).
    var findingsRevision: Int?
    /// Position in `findings` of the selected one.
    var findingSelected = 0
    var findingsTop = 0
    /// The advisor is running on the workload for the Findings screen (Esc cancels it).
    var advising = false
    /// What the advisor said (its summary, statements it could not plan), above the findings.
    var findingsNotes: [String] = []

    // Detail
    /// The screen Esc returns to from the detail (the list, or the Findings screen).
    var detailOpenedFrom: ScreenKind = .indexes
    var detailTop = 0
    var bloatMeasuring: IndexID?

    // Query editor
    var editor = TextEditor()
    var history = QueryHistory()
    /// Position in history while walking it (nil: editing the draft).
    var historyPosition: Int?
    var draft = ""
    /// The history file could not be written: said once per session, not on every F5.
    var historySaveWarned = false
    /// Ctrl-R's search through the history (nil when not searching).
    var historySearch: HistorySearch?
    var analyze = false
    var plan: QueryPlan?
    var planError: String?
    var planRunning = false
    var planRequest = 0
    var planTop = 0
    /// F7: the index proposed for the statement being planned, and its proof.
    var statementAdvice: StatementAdvice?
    var adviceRequest = 0
    /// Columns of the plan scrolled off to the left (Shift-←/→); 0 for every new plan.
    var planLeft = 0

    // Statements (pg_stat_statements)
    var statements: StatementStatsReport?
    var statementsLoading = false
    var statementsError: String?
    var statementSelected = 0
    var statementsTop = 0

    // Help
    var helpTop = 0

    // `/` in help and findings: the text searched for, and whether it is being typed
    var searchTerm = ""
    var searchEditing = false
    /// Help: the line of the last match (the top line may stop short of it near the end).
    var searchLine = 0

    init(capabilities: Capabilities, databaseName: String, history: QueryHistory = QueryHistory()) {
        self.capabilities = capabilities
        self.databaseName = databaseName
        self.history = history
        if capabilities.liveCounters { refreshInterval = 5 }
    }

    /// The catalog with the latest sizes folded in.
    var records: [IndexRecord] { catalog?.indexes ?? [] }

    var hasCounters: Bool { facts.hasCounters }

    var selectedRecord: IndexRecord? {
        guard selectedLine >= 0, selectedLine < lines.count, let index = lines[selectedLine].recordIndex else { return nil }
        return records[index]
    }

    var isBusy: Bool { catalogLoading || spaceLoading || planRunning || bloatMeasuring != nil || statementsLoading || advising || statementAdvice?.running == true }

    /// What F5 runs: EXPLAIN QUERY PLAN (SQLite), EXPLAIN or EXPLAIN ANALYZE.
    var explainLabel: String {
        capabilities.explainAnalyze ? (analyze ? "EXPLAIN ANALYZE" : "EXPLAIN") : "EXPLAIN QUERY PLAN"
    }

    /// Index names the current plan reads (marked in the list).
    var planIndexes: Set<String> { Set(plan?.indexesUsed ?? []) }

    /// Which key-table context applies now.
    var keyContext: KeyContext {
        switch screen {
        case .indexes: return filterEditing ? .filter : .indexes
        case .detail: return .detail
        case .query: return historySearch == nil ? .query : .historySearch
        case .queries: return .queries
        case .findings: return searchEditing ? .search : .findings
        case .help: return searchEditing ? .search : .help
        }
    }

    /// Screens Tab cycles through.
    var cycle: [ScreenKind] {
        capabilities.statementStats ? [.indexes, .detail, .query, .queries, .findings] : [.indexes, .detail, .query, .findings]
    }
}

/// F7's answer for one statement: the advisor on a one-statement workload.
struct StatementAdvice: Equatable, Sendable {
    var request: Int
    var running = true
    /// `missing` findings with their proof (the first is shown).
    var findings: [Finding] = []
    var notes: [String] = []
    var error: String?
}
