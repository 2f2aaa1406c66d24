from application.runs.usecases.create_runs import CreateRuns, CreateRunsInput, RunRequest
from application.runs.usecases.delete_run import DeleteRun, DeleteRunInput
from application.runs.usecases.execute_run import ExecuteRun, ExecuteRunOutput, RunEnd
from application.runs.usecases.get_runs import GetRuns, GetRunsInput
from application.runs.usecases.reap_runs import ReapRuns, ReapRunsOutput

__all__ = [
    "CreateRuns",
    "CreateRunsInput",
    "DeleteRun",
    "DeleteRunInput",
    "ExecuteRun",
    "ExecuteRunOutput",
    "GetRuns",
    "GetRunsInput",
    "ReapRuns",
    "ReapRunsOutput",
    "RunEnd",
    "RunRequest",
]
