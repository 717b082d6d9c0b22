"""Typed FastAPI dependencies: the database session and the logged-in user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from ..db.core import get_db_session
from ..errors import NotAuthenticated
from .models import User
from .service import COOKIE, user_from_token

SessionDep = Annotated[Session, Depends(get_db_session)]


def token_of(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.cookies.get(COOKIE)


def optional_user(request: Request, db_session: SessionDep) -> User | None:
    return user_from_token(db_session=db_session, token=token_of(request))


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise NotAuthenticated()
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]
