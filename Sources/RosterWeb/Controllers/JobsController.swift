import Foundation
import Hummingbird

/// `/api/jobs/ID`: a background run's state and progress (its owner and admins only);
/// `/jobs/ID`: the same as a page that reloads itself until the run is over.
struct JobsController {
    let env: WebEnvironment

    func addRoutes(to router: Router<WebContext>) {
        router.get("/api/jobs/:id") { _, context -> Response in
            try JSONResponse.make(try await job(context))
        }
        router.get("/jobs/:id") { _, context -> Response in
            let j = try await job(context)
            if j.state == .done, let path = j.resultPath { return .redirect(to: path) }
            return env.renderer.page("job", title: WebStrings.text("job_progress", context.language),
                                     data: ["job": ["id": j.id, "kind": j.kind, "running": j.state == .running,
                                                    "failed": j.state == .failed, "error": j.error ?? "",
                                                    "progress": j.progress.suffix(30).joined(separator: "\n")]],
                                     context: context)
        }
    }

    private func job(_ context: WebContext) async throws -> JobQueue.Job {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        guard let j = await env.jobs.job(id) else { throw HTTPError(.notFound, message: "no job \(id)") }
        guard j.owner == user.name || user.role == .admin else { throw HTTPError(.forbidden, message: "not your job") }
        return j
    }
}
