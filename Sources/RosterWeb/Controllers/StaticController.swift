import Foundation
import Hummingbird

/// The stylesheet and the small script (no build step), from the bundle's `Public/`.
struct StaticController {
    static let files: [String: (type: String, body: ByteBuffer)] = {
        var out: [String: (String, ByteBuffer)] = [:]
        guard let dir = Renderer.publicDirectory,
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [:] }
        for name in names {
            guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { continue }
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8"
                : name.hasSuffix(".js") ? "text/javascript; charset=utf-8"
                : name.hasSuffix(".svg") ? "image/svg+xml" : "application/octet-stream"
            out[name] = (type, ByteBuffer(bytes: data))
        }
        return out
    }()

    func addRoutes(to router: Router<WebContext>) {
        router.get("/static/:name") { _, context -> Response in
            let name = try context.parameters.require("name")
            guard let f = Self.files[name] else { throw HTTPError(.notFound, message: "no file \(name)") }
            return Response(status: .ok, headers: [.contentType: f.type, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: f.body))
        }
        router.get("/healthz") { _, _ in "ok" }
    }
}
