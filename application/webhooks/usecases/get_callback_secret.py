from dataclasses import dataclass

from application.accounts.ports import IdentityProvider
from application.transactions import TransactionManager
from application.webhooks.ports import SecretGenerator
from domain.webhooks.repositories import CallbackSecrets


@dataclass(frozen=True, slots=True)
class GetCallbackSecret:
    """The `whsec_` secret that signs the caller's account's per-submission callbacks (`callbackUrl`),
    made on first use. Every key of the account sees the same one."""

    identity: IdentityProvider
    callbacks: CallbackSecrets
    secrets: SecretGenerator
    tx: TransactionManager

    async def __call__(self) -> str:
        principal = await self.identity.principal()
        secret = await self.callbacks.secret_of(principal.account_id, self.secrets.new())
        await self.tx.commit()
        return secret
