from application.problems.usecases.add_test import AddTest, AddTestInput
from application.problems.usecases.add_tests_from_archive import AddTestsFromArchive, AddTestsFromArchiveInput
from application.problems.usecases.create_problem import CreateProblem, CreateProblemInput
from application.problems.usecases.delete_problem import DeleteProblem, DeleteProblemInput
from application.problems.usecases.delete_test import DeleteTest, DeleteTestInput
from application.problems.usecases.get_problem import GetProblem, GetProblemInput
from application.problems.usecases.get_test import GetTest, GetTestInput, GetTestOutput
from application.problems.usecases.list_problems import ListProblems, ListProblemsInput, ListProblemsOutput
from application.problems.usecases.list_tests import ListTests, ListTestsInput, ListTestsOutput
from application.problems.usecases.update_problem import UpdateProblem, UpdateProblemInput

__all__ = [
    "AddTest",
    "AddTestInput",
    "AddTestsFromArchive",
    "AddTestsFromArchiveInput",
    "CreateProblem",
    "CreateProblemInput",
    "DeleteProblem",
    "DeleteProblemInput",
    "DeleteTest",
    "DeleteTestInput",
    "GetProblem",
    "GetProblemInput",
    "GetTest",
    "GetTestInput",
    "GetTestOutput",
    "ListProblems",
    "ListProblemsInput",
    "ListProblemsOutput",
    "ListTests",
    "ListTestsInput",
    "ListTestsOutput",
    "UpdateProblem",
    "UpdateProblemInput",
]
