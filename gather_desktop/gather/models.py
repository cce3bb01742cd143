"""Creating an integration's custom models in Gather, shared by `integration add` and the
wizard's Save, so both treat a model that already exists the same way."""

from __future__ import annotations

from typing import Any

from gather_desktop.errors import UserFacingError
from gather_desktop.gather.client import GatherClient
from gather_desktop.gather.errors import GatherError


def create_models(client: GatherClient, definitions: list[dict[str, Any]]) -> None:
    """Create the custom models in Gather ("Gather will create this model for you after you
    save the configuration"); one that already exists is used as it is."""
    for definition in definitions:
        try:
            client.create_model(definition["id"], definition["name"],
                                definition["relationships"])
        except GatherError as error:
            if error.code != "model_exists":
                raise UserFacingError(f"Gather could not create the model "
                                      f"'{definition['id']}': {error.message}") from None
