from application.accounts.usecases.bootstrap_admin import BootstrapAdmin, BootstrapAdminOutput
from application.accounts.usecases.create_key import CreateKey, CreateKeyInput, CreateKeyOutput
from application.accounts.usecases.get_me import GetMe, Me
from application.accounts.usecases.list_keys import ListKeys
from application.accounts.usecases.revoke_key import RevokeKey, RevokeKeyInput

__all__ = [
    "BootstrapAdmin",
    "BootstrapAdminOutput",
    "CreateKey",
    "CreateKeyInput",
    "CreateKeyOutput",
    "GetMe",
    "ListKeys",
    "Me",
    "RevokeKey",
    "RevokeKeyInput",
]
