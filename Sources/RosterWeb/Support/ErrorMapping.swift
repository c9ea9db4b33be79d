import Capacity
import Foundation
import HotlineCore
import HTTPTypes
import Hummingbird
import RosterStore
import Workflows

/// How the domain and workflow errors read in the browser: the status and the error's own message
/// (which names the file, line, field, person, date or rule; never personal data unmasked).
enum WorkflowErrorMapping {
    static func map(_ error: any Error) -> (HTTPResponse.Status, String)? {
        switch error {
        case let e as WorkflowError:
            switch e {
            case .refused: return (.conflict, e.description)
            case .ruleBroken: return (.unprocessableContent, e.description)
            }
        case let e as RequestFieldError: return (.badRequest, e.description)
        case let e as RequestTransitionError: return (.conflict, e.description)
        case let e as HistoryWorkflowError: return (.conflict, e.description)   // e.g. a week build without call history
        case let e as InputError: return (.badRequest, e.description)
        case let e as CapacityError: return (.badRequest, e.description)
        case let e as RosterStoreError:
            switch e {
            case .invalid: return (.badRequest, e.description)
            default: return nil
            }
        default:
            return nil
        }
    }
}
