import Foundation
import IdxScopeCore

/// Writes the demo database: a job queue with tens of thousands of rows, deleted rows leaving free
/// pages, and indexes that are redundant, duplicate, unused, partial, on an expression, backing a
/// UNIQUE constraint, and the primary key of a WITHOUT ROWID table. The same bytes on every run.
public enum DemoDatabase {
    public static let jobCount = 40_000
    /// Jobs deleted after loading (the oldest finished ones): their pages go to the freelist.
    public static let deletedJobCount = 10_000

    /// Writes the demo to `path` through a temporary file renamed into place. Refuses to replace
    /// an existing file that is not an idxscope demo (checked by its application_id).
    public static func write(to path: String) throws {
        try checkReplaceable(path)
        let temporary = path + ".tmp-\(getpid())"
        unlink(temporary)
        do {
            try fill(temporary)
            guard rename(temporary, path) == 0 else {
                throw IdxScopeError(.input, "cannot write \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            unlink(temporary + "-journal")
            throw error
        }
    }

    /// A missing file is fine; an existing one must be a previous demo.
    static func checkReplaceable(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw IdxScopeError(.input, "\(path) is a directory; give a file path for the demo database")
        }
        let isDemo = (try? Connection(target: path, mode: .readOnly)
            .scalar("PRAGMA application_id").int64) == Int64(DemoSchema.applicationID)
        if !isDemo {
            throw IdxScopeError(.input, "\(path) exists and is not an idxscope demo database; not overwriting it")
        }
    }

    private static func fill(_ path: String) throws {
        // The only writer in the project: opens read-write and creates the (temporary) file.
        let connection = try Connection(target: path, mode: .readWriteCreate)
        do {
            try connection.execute("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;")
            try connection.execute("PRAGMA application_id = \(DemoSchema.applicationID)")
            try connection.execute("BEGIN")
            try connection.execute(DemoSchema.tables)
            try connection.execute(DemoSchema.indexes)
            var random = SeededGenerator(seed: 20_261_123)
            try DemoRows.insert(into: connection, random: &random, jobs: jobCount)
            try connection.execute("COMMIT")
            // Delete the oldest finished jobs without VACUUM: their pages stay as free pages.
            try connection.execute("""
                BEGIN;
                DELETE FROM job_event WHERE job_id <= \(deletedJobCount);
                DELETE FROM job WHERE id <= \(deletedJobCount);
                COMMIT;
                ANALYZE;
                """)
        } catch let error as SQLiteError {
            throw IdxScopeError(.database, "cannot write the demo database: \(error.message)")
        }
    }

    /// A few statements to plan against the demo, separated by `;`: some full-scan a table, some
    /// use indexes, one sorts in a temporary b-tree.
    public static let workload = """
        -- The dispatcher: oldest queued jobs (uses idx_job_status_created)
        SELECT id, queue_id, created_at FROM job WHERE status = 'queued' ORDER BY created_at LIMIT 50;

        -- Failures since 2 January (the partial index idx_job_failed)
        SELECT j.id, j.error FROM job AS j WHERE j.status = 'failed' AND j.finished_at >= 1767312000;

        -- Jobs asking for a retry: nothing indexes the payload, a full scan of job
        SELECT id FROM job WHERE payload LIKE '%"retry":true%';

        -- Throughput per queue: every job through an index, the groups sorted in a temp b-tree
        SELECT q.name, count(*) AS jobs, avg(j.attempts) AS attempts
        FROM job AS j JOIN queue AS q ON q.id = j.queue_id
        GROUP BY q.name ORDER BY jobs DESC;

        -- The history of one job (the primary key of the WITHOUT ROWID table job_event)
        SELECT kind, at FROM job_event WHERE job_id = 24242 ORDER BY seq;

        -- Dead letters mentioning a host: a full scan of "dead letter"
        SELECT d.id, d.reason FROM "dead letter" AS d WHERE d."détail" LIKE '%host-07%';
        """
}
