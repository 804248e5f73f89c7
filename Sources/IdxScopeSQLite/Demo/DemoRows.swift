import IdxScopeCore
/// The demo's rows, drawn from a seeded generator through prepared statements.
enum DemoRows {
    /// 2026-01-01T00:00:00Z: the demo's clock starts here (never the current time).
    static let epoch = 1_767_225_600
    static let queues = ["email", "billing", "thumbnails", "reports", "webhooks", "search-index",
                         "exports", "imports", "notifications", "cleanup", "payments", "ml-training"]
    static let errors = ["Timeout after 30 s", "Connection reset by peer", "HTTP 503 from upstream",
                         "Out of memory", "Deadlock detected", "Invalid payload: missing field 'user'"]
    static let reasons = ["max attempts exceeded", "payload rejected", "worker lost", "poison message"]

    static func insert(into connection: Connection, random: inout SeededGenerator, jobs: Int) throws {
        let queue = try connection.prepare("INSERT INTO queue(id, name, priority) VALUES (?, ?, ?)")
        for (offset, name) in queues.enumerated() {
            try queue.bind([.integer(Int64(offset + 1)), .text(name), .integer(Int64(random.int(0...9)))])
            try queue.step()
        }
        let worker = try connection.prepare("INSERT INTO worker(id, hostname, started_at) VALUES (?, ?, ?)")
        for id in 1...48 {
            try worker.bind([.integer(Int64(id)), .text("host-\(id < 10 ? "0" : "")\(id).jobs.internal"),
                             .integer(Int64(epoch + random.int(0...86_400)))])
            try worker.step()
        }

        let job = try connection.prepare("""
            INSERT INTO job(id, queue_id, status, priority, payload, attempts, worker_id, created_at, finished_at, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let event = try connection.prepare("INSERT INTO job_event(job_id, seq, at, kind) VALUES (?, ?, ?, ?)")
        let deadLetter = try connection.prepare(#"INSERT INTO "dead letter"(job_id, reason, "détail") VALUES (?, ?, ?)"#)
        for id in 1...jobs {
            // Older jobs are mostly finished; the newest are queued or running.
            let created = epoch + id * 30 + random.int(0...29)
            let age = Double(id) / Double(jobs)
            let roll = random.int(0...99)
            let status = age > 0.97 ? (roll < 70 ? "queued" : "running") : (roll < 90 ? "done" : "failed")
            let attempts = status == "failed" ? random.int(1...5) : 1
            let workerID = status == "queued" ? nil : random.int(1...48)
            let finished = status == "done" || status == "failed" ? created + random.int(1...3_600) : nil
            let error = status == "failed" ? random.pick(errors) : nil
            let payload = #"{"user":\#(random.int(1...5_000)),"retry":\#(random.int(0...9) == 0),"size":\#(random.int(1...1_000_000))}"#
            try job.bind([.integer(Int64(id)), .integer(Int64(random.int(1...queues.count))), .text(status),
                          .integer(Int64(random.int(0...9))), .text(payload), .integer(Int64(attempts)),
                          workerID.map { .integer(Int64($0)) } ?? .null, .integer(Int64(created)),
                          finished.map { .integer(Int64($0)) } ?? .null, error.map { .text($0) } ?? .null])
            try job.step()

            let kinds = ["enqueued"] + (workerID == nil ? [] : ["started"]) + (finished == nil ? [] : [status])
            for (seq, kind) in kinds.enumerated() {
                try event.bind([.integer(Int64(id)), .integer(Int64(seq + 1)), .integer(Int64(created + seq * 60)), .text(kind)])
                try event.step()
            }
            if status == "failed", attempts == 5 {
                let host = workerID.map { "host-\($0 < 10 ? "0" : "")\($0)" } ?? "none"
                try deadLetter.bind([.integer(Int64(id)), .text(random.pick(reasons)), .text("last worker \(host)")])
                try deadLetter.step()
            }
        }
    }
}
