from application.workers.usecases.list_workers import ListWorkers, ListWorkersOutput, WorkerView
from application.workers.usecases.record_heartbeat import RecordHeartbeat, RecordHeartbeatInput

__all__ = ["ListWorkers", "ListWorkersOutput", "RecordHeartbeat", "RecordHeartbeatInput", "WorkerView"]
