"""Error bodies in the two shapes Google uses: Sheets (google.rpc.Status) and Drive v3."""

from __future__ import annotations

from typing import Any

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
}


class ApiError(Exception):
    """Raised by a route; the server turns it into the HTTP response."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        super().__init__(body.get("error", {}).get("message", ""))
        self.status = status
        self.body = body
        self.headers = headers or {}


def sheets_error(code: int, message: str, violations=None, reason: str | None = None) -> ApiError:
    error: dict[str, Any] = {"code": code, "message": message, "status": STATUS_NAMES[code]}
    details = []
    if violations:
        details.append(
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": f, "description": d} for f, d in violations],
            }
        )
    if reason:
        details.append(
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": reason,
                "domain": "googleapis.com",
            }
        )
    if details:
        error["details"] = details
    return ApiError(code, {"error": error})


def drive_error(
    code: int, reason: str, message: str, domain: str = "global", location: str | None = None
) -> ApiError:
    item: dict[str, Any] = {"message": message, "domain": domain, "reason": reason}
    if location:
        item.update(locationType="parameter", location=location)
    return ApiError(code, {"error": {"code": code, "message": message, "errors": [item]}})


def invalid(api: str, violations: list[tuple[str, str]]) -> ApiError:
    message = violations[0][1]
    if api == "drive":
        return drive_error(400, "badRequest", message)
    return sheets_error(400, message, violations)


SERVICES = {
    "sheets": ("sheets.googleapis.com", "Google Sheets API"),
    "drive": ("drive.googleapis.com", "Google Drive API"),
}


def service_disabled(api: str, project: str) -> ApiError:
    """403 for an API not enabled in the caller's project, as Google words it: a Sheets-style
    status with ErrorInfo ``SERVICE_DISABLED``; Drive adds its ``accessNotConfigured`` item."""
    service, title = SERVICES[api]
    link = f"https://console.developers.google.com/apis/api/{service}/overview?project={project}"
    message = (
        f"{title} has not been used in project {project} before or it is disabled. Enable it by "
        f"visiting {link} then retry. If you enabled this API recently, wait a few minutes for "
        "the action to propagate to our systems and retry."
    )
    error: dict[str, Any] = {
        "code": 403,
        "message": message,
        "status": "PERMISSION_DENIED",
        "details": [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "SERVICE_DISABLED",
                "domain": "googleapis.com",
                "metadata": {
                    "service": service,
                    "consumer": f"projects/{project}",
                    "serviceTitle": title,
                    "activationUrl": link,
                    "containerInfo": project,
                },
            },
            {
                "@type": "type.googleapis.com/google.rpc.Help",
                "links": [{"description": "Google developers console API activation", "url": link}],
            },
        ],
    }
    if api == "drive":
        error["errors"] = [
            {
                "message": message,
                "domain": "usageLimits",
                "reason": "accessNotConfigured",
                "extendedHelp": "https://console.developers.google.com",
            }
        ]
    return ApiError(403, {"error": error})
