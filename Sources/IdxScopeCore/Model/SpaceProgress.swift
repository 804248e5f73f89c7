/// How far a page-by-page space pass has got: pages read of the file's page count.
public struct SpaceProgress: Equatable, Sendable {
    public var pagesRead: Int64
    public var totalPages: Int64
    public init(pagesRead: Int64, totalPages: Int64) {
        self.pagesRead = pagesRead
        self.totalPages = totalPages
    }

    /// 0...1 (a total of 0 reads as done: there is nothing to read).
    public var fraction: Double {
        totalPages > 0 ? min(1, max(0, Double(pagesRead) / Double(totalPages))) : 1
    }
}

/// Engines whose space pass reads pages one by one and can say how far it is (SQLite's dbstat
/// pass). PostgreSQL's sizes are one statement and have nothing to report.
public protocol SpaceProgressReporting: Inspector {
    /// `loadSpace()` that calls `progress` (on the calling thread) every few thousand pages with
    /// increasing counts, and last with the total.
    func loadSpace(progress: @escaping (SpaceProgress) -> Void) throws -> SpaceReport
}
