"""A loopback fake of Discord that speaks the real protocol to an unmodified discord.py client.

REST (the routes the bot uses) and the gateway websocket run in one aiohttp server on 127.0.0.1. Everything the
bot sends back is recorded as an :class:`Output`; tests wait for outputs with a timeout.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

API = "/api/v10"
EPHEMERAL = 1 << 6
LOADING = 1 << 7
ALL_PERMISSIONS = str((1 << 50) - 1)
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content
MEMBER_PERMISSIONS = str(0x0000_0400 | 0x0000_0800 | 0x8000_0000 | 0x0000_4000)  # view, send, use commands, links

Json = dict[str, Any]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


@dataclass
class Output:
    """One thing the bot did: ``kind`` is callback, followup, edit, channel_message or autocomplete."""

    kind: str
    message: Json
    token: str | None = None
    channel_id: int | None = None
    callback_type: int | None = None
    choices: list[Json] = field(default_factory=list)

    @property
    def content(self) -> str:
        return str(self.message.get("content") or "")

    @property
    def embeds(self) -> list[Json]:
        return list(self.message.get("embeds") or [])

    @property
    def components(self) -> list[Json]:
        return list(self.message.get("components") or [])

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.message.get("flags") or 0) & EPHEMERAL)

    @property
    def message_id(self) -> int:
        return int(self.message["id"])

    def text(self) -> str:
        """Content plus every embed's visible text, for assertions."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for fld in embed.get("fields") or []:
                parts += [fld.get("name") or "", fld.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
            parts.append((embed.get("author") or {}).get("name") or "")
        return "\n".join(parts)

    def buttons(self) -> list[Json]:
        return [c for row in self.components for c in row.get("components", []) if c.get("type") == 2]

    def selects(self) -> list[Json]:
        return [c for row in self.components for c in row.get("components", []) if c.get("type") == 3]


@dataclass
class Member:
    id: int
    name: str
    permissions: str = MEMBER_PERMISSIONS
    roles: list[int] = field(default_factory=list)

    def user(self) -> Json:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
        }

    def member(self) -> Json:
        return {
            "user": self.user(),
            "roles": [str(r) for r in self.roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": self.permissions,
            "nick": None,
        }


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    times: int


class FakeDiscord:
    def __init__(self) -> None:
        self._ids = itertools.count(1_100_000_000_000_000_000)
        self.application_id = self.new_id()
        self.bot_user = {
            "id": str(self.application_id),
            "username": "K-Collab",
            "discriminator": "0",
            "bot": True,
            "avatar": None,
            "global_name": None,
        }
        self.guild_id = self.new_id()
        self.channel_id = self.new_id()
        self.other_channel_id = self.new_id()
        self.owner = Member(self.new_id(), "owner", ALL_PERMISSIONS)
        self.alice = Member(self.new_id(), "alice")
        self.bob = Member(self.new_id(), "bob")
        self.moderator = Member(self.new_id(), "mod", str(0x20 | 0x0000_0400 | 0x0000_0800 | 0x8000_0000))
        self.commands: dict[str, Json] = {}  # name -> synced schema, global or guild
        self.sync_calls: list[tuple[int | None, list[Json]]] = []
        self.messages: dict[int, Json] = {}
        self.outputs: list[Output] = []
        self.requests: list[tuple[str, str]] = []
        self.faults: list[Fault] = []
        self.identifies = 0
        self.resumes = 0
        # Privileged intents switched on in the Developer Portal (1 << 15 message content, 1 << 1 members,
        # 1 << 8 presences). IDENTIFY asking for one that is not granted is closed with 4014, as Discord does.
        self.granted_intents = 0
        self.token_valid = True
        self._originals: dict[str, int] = {}  # interaction token -> original response message id
        self._interaction_channels: dict[str, int] = {}
        self._changed = asyncio.Condition()
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    def new_id(self) -> int:
        return next(self._ids)

    # ----------------------------------------------------------------------------------------------- server
    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(site.name.rsplit(":", 1)[1])

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @staticmethod
    def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
        # discord.py reads a body as JSON only when Content-Type is exactly application/json.
        return web.Response(
            body=json.dumps(data).encode(),
            status=status,
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        path = request.path
        self.requests.append((request.method, path))
        if not self.token_valid and path.startswith(API) and "/interactions/" not in path:
            return self._json({"message": "401: Unauthorized", "code": 0}, 401)
        for fault in self.faults:
            if fault.times > 0 and fault.method == request.method and fault.path.search(path):
                fault.times -= 1
                return self._json(fault.body, fault.status, fault.headers)
        response: web.StreamResponse = await handler(request)
        return response

    def fail(self, method: str, path: str, status: int, *, times: int = 1, retry_after: float = 0.1) -> None:
        """Answer the next ``times`` matching requests with ``status`` (429 carries ``retry_after``)."""
        headers: dict[str, str] = {}
        body: Json = {"message": "fault injected by the test", "code": 0}
        if status == 429:
            headers = {"Via": "1.1 google", "X-RateLimit-Scope": "user"}
            body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
        elif status == 403:
            body = {"message": "Missing Access", "code": 50001}
        elif status == 404:
            body = {"message": "Unknown Channel", "code": 10003}
        self.faults.append(Fault(method, re.compile(path), status, body, headers, times))

    # ----------------------------------------------------------------------------------------------- REST
    async def _body(self, request: web.Request) -> Json:
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            payload: Json = {}
            async for part in reader:
                if getattr(part, "name", None) == "payload_json":
                    payload = json.loads(await part.text())  # type: ignore[union-attr]
            return payload
        if request.can_read_body:
            data = await request.json()
            return data if isinstance(data, dict) else {"items": data}
        return {}

    async def _rest(self, request: web.Request) -> web.Response:
        tail = "/" + request.match_info["tail"]
        method = request.method
        body = await self._body(request)
        app = str(self.application_id)
        if method == "GET" and tail == "/users/@me":
            return self._json(self.bot_user)
        if method == "GET" and tail == "/oauth2/applications/@me":
            return self._json(
                {
                    "id": app,
                    "name": "K-Collab",
                    "icon": None,
                    "description": "",
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "verify_key": "00",
                    "flags": 0,
                    "owner": self.owner.user(),
                    "team": None,
                    "interactions_endpoint_url": None,
                    "summary": "",
                    "rpc_origins": [],
                }
            )
        if match := re.fullmatch(rf"/applications/{app}(?:/guilds/(\d+))?/commands", tail):
            guild = int(match.group(1)) if match.group(1) else None
            if method == "PUT":
                return self._json(self._sync(guild, body.get("items", [])))
            return self._json(list(self.commands.values()))
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", tail):
            return await self._callback(int(match.group(1)), match.group(2), body)
        if match := re.fullmatch(rf"/webhooks/{app}/([^/]+)", tail):
            if method == "POST":
                return self._json(await self._followup(match.group(1), body))
        if match := re.fullmatch(rf"/webhooks/{app}/([^/]+)/messages/([^/]+)", tail):
            token, which = match.groups()
            message_id = self._originals.get(token, 0) if which == "@original" else int(which)
            if message_id not in self.messages:
                return self._json({"message": "Unknown Message", "code": 10008}, 404)
            if method == "PATCH":
                return self._json(await self._edit(message_id, body, token))
            if method == "DELETE":
                self.messages.pop(message_id, None)
                return web.Response(status=204)
            return self._json(self.messages[message_id])
        if match := re.fullmatch(r"/channels/(\d+)/messages", tail):
            if method == "POST":
                channel = int(match.group(1))
                message = self._store_message(channel, body)
                await self._record(Output("channel_message", message, channel_id=channel))
                return self._json(message)
        if match := re.fullmatch(r"/channels/(\d+)/messages/(\d+)", tail):
            message_id = int(match.group(2))
            if message_id not in self.messages:
                return self._json({"message": "Unknown Message", "code": 10008}, 404)
            if method == "PATCH":
                return self._json(await self._edit(message_id, body, None))
            return self._json(self.messages[message_id])
        if match := re.fullmatch(r"/channels/(\d+)", tail):
            return self._json(self._channel(int(match.group(1))))
        return self._json({"message": f"404: not faked: {method} {tail}", "code": 0}, 404)

    def _sync(self, guild: int | None, commands: list[Json]) -> list[Json]:
        self.sync_calls.append((guild, commands))
        answered = []
        for command in commands:
            synced = {
                **command,
                "id": str(self.new_id()),
                "application_id": str(self.application_id),
                "version": str(self.new_id()),
                "default_member_permissions": command.get("default_member_permissions"),
                "type": command.get("type", 1),
            }
            if guild is not None:
                synced["guild_id"] = str(guild)
            self.commands[command["name"]] = synced
            answered.append(synced)
        return answered

    def _store_message(self, channel_id: int, payload: Json, *, interaction: bool = False) -> Json:
        message_id = self.new_id()
        message: Json = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "guild_id": str(self.guild_id),
            "author": self.bot_user,
            "content": payload.get("content") or "",
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": payload.get("embeds") or [],
            "pinned": False,
            "type": 20 if interaction else 0,
            "flags": int(payload.get("flags") or 0),
            "components": payload.get("components") or [],
            "allowed_mentions": payload.get("allowed_mentions"),
        }
        if interaction:
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
        self.messages[message_id] = message
        return message

    async def _callback(self, interaction_id: int, token: str, body: Json) -> web.Response:
        kind = int(body["type"])
        data = body.get("data") or {}
        channel = self._interaction_channels.get(token, self.channel_id)
        interaction: Json = {
            "id": str(interaction_id),
            "type": 2,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
        }
        resource: Json = {"type": kind}
        if kind in (4, 5):
            payload = dict(data)
            if kind == 5:
                payload["flags"] = int(payload.get("flags") or 0) | LOADING
            message = self._store_message(channel, payload, interaction=True)
            self._originals[token] = int(message["id"])
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
            await self._record(Output("callback", message, token, channel, kind))
        elif kind == 7:
            message_id = self._originals.get(f"component:{token}")
            assert message_id is not None, "update-message callback for an interaction without a message"
            message = await self._edit(message_id, data, token, callback_type=7)
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        elif kind == 8:
            await self._record(Output("autocomplete", {}, token, channel, kind, choices=data.get("choices", [])))
        else:  # 6 deferred update, 9 modal
            await self._record(Output("callback", {"flags": 0, **data}, token, channel, kind))
        return self._json({"interaction": interaction, "resource": resource})

    async def _followup(self, token: str, body: Json) -> Json:
        channel = self._interaction_channels.get(token, self.channel_id)
        original_id = self._originals.get(token)
        original = self.messages.get(original_id) if original_id else None
        if original is not None and int(original.get("flags") or 0) & LOADING:
            # The first follow-up after a "thinking" deferral replaces the loading message.
            flags = int(original["flags"]) & EPHEMERAL
            original.update(
                {
                    "content": body.get("content") or "",
                    "embeds": body.get("embeds") or [],
                    "components": body.get("components") or [],
                    "flags": flags,
                }
            )
            message = original
        else:
            message = self._store_message(channel, body, interaction=True)
        await self._record(Output("followup", message, token, channel))
        return message

    async def _edit(self, message_id: int, body: Json, token: str | None, callback_type: int | None = None) -> Json:
        message = self.messages[message_id]
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        if int(message.get("flags") or 0) & LOADING:
            message["flags"] = int(message["flags"]) & ~LOADING
        message["edited_timestamp"] = _now()
        channel = int(message["channel_id"])
        await self._record(Output("edit", message, token, channel, callback_type))
        return message

    async def _record(self, output: Output) -> None:
        # Copy so later edits do not rewrite what a test already read.
        output.message = json.loads(json.dumps(output.message))
        async with self._changed:
            self.outputs.append(output)
            self._changed.notify_all()

    # ----------------------------------------------------------------------------------------------- gateway
    def _channel(self, channel_id: int) -> Json:
        name = "general" if channel_id == self.channel_id else "other"
        return {
            "id": str(channel_id),
            "type": 0,
            "name": name,
            "position": 0,
            "guild_id": str(self.guild_id),
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
        }

    def _guild(self) -> Json:
        members = [self.owner, self.alice, self.bob, self.moderator]
        bot_member = {
            "user": self.bot_user,
            "roles": [],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
        return {
            "id": str(self.guild_id),
            "name": "K-pop fans",
            "icon": None,
            "owner_id": str(self.owner.id),
            "unavailable": False,
            "large": False,
            "member_count": len(members) + 1,
            "roles": [
                {
                    "id": str(self.guild_id),
                    "name": "@everyone",
                    "permissions": MEMBER_PERMISSIONS,
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                }
            ],
            "channels": [self._channel(self.channel_id), self._channel(self.other_channel_id)],
            "members": [m.member() for m in members] + [bot_member],
            "emojis": [],
            "stickers": [],
            "features": [],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "voice_states": [],
            "presences": [],
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "system_channel_flags": 0,
            "joined_at": "2024-01-01T00:00:00+00:00",
        }

    async def _send(self, payload: Json) -> None:
        assert self._ws is not None
        await self._ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: Json) -> None:
        self._seq += 1
        await self._send({"op": 0, "t": event, "s": self._seq, "d": data})

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await self._send({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            payload = json.loads(message.data)
            op = payload.get("op")
            if op == 1:
                await self._send({"op": 11})
            elif op == 2:
                self.identifies += 1
                requested = int(payload["d"].get("intents") or 0)
                if requested & PRIVILEGED_INTENTS & ~self.granted_intents:
                    await ws.close(code=4014, message=b"Disallowed intent(s).")
                    break
                if not self.token_valid:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                await self.dispatch(
                    "READY",
                    {
                        "v": 10,
                        "user": self.bot_user,
                        "guilds": [{"id": str(self.guild_id), "unavailable": True}],
                        "session_id": "fake-session",
                        "resume_gateway_url": self.gateway_url,
                        "application": {"id": str(self.application_id), "flags": 0},
                        "private_channels": [],
                        "relationships": [],
                    },
                )
                await self.dispatch("GUILD_CREATE", self._guild())
            elif op == 6:
                self.resumes += 1
                self._seq = int(payload["d"].get("seq") or self._seq)
                await self.dispatch("RESUMED", {})
        return ws

    async def revoke_token(self) -> None:
        """The token is reset in the Developer Portal mid-session: REST answers 401, the gateway closes with 4004."""
        self.token_valid = False
        if self._ws is not None and not self._ws.closed:
            await self._ws.close(code=4004, message=b"Authentication failed.")

    async def reconnect(self) -> None:
        """Ask the client to reconnect (op 7); it resumes on ``resume_gateway_url``."""
        await self._send({"op": 7, "d": None})

    # ----------------------------------------------------------------------------------------------- test actions
    def _interaction(
        self, kind: int, data: Json, member: Member, channel_id: int | None, message: Json | None = None
    ) -> tuple[Json, str]:
        token = f"token-{self.new_id()}"
        channel = channel_id or self.channel_id
        self._interaction_channels[token] = channel
        payload: Json = {
            "id": str(self.new_id()),
            "application_id": str(self.application_id),
            "type": kind,
            "token": token,
            "version": 1,
            "attachment_size_limit": 10_485_760,
            "guild_id": str(self.guild_id),
            "channel_id": str(channel),
            "channel": {"id": str(channel), "type": 0, "guild_id": str(self.guild_id)},
            "member": member.member(),
            "app_permissions": ALL_PERMISSIONS,
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0,
            "data": data,
        }
        if message is not None:
            payload["message"] = message
            self._originals[f"component:{token}"] = int(message["id"])
        return payload, token

    def _command_data(self, path: str, options: dict[str, Any], focused: str | None) -> Json:
        names = path.split()
        command = self.commands.get(names[0])
        assert command is not None, f"/{names[0]} was never synced; synced: {sorted(self.commands)}"
        schema_options = command.get("options") or []
        leaf: list[Json] = []
        top: list[Json] = leaf
        for name in names[1:]:
            sub = next((o for o in schema_options if o["name"] == name), None)
            assert sub is not None, f"no subcommand {name!r} in /{path}"
            inner: list[Json] = []
            leaf.append({"type": sub["type"], "name": name, "options": inner})
            leaf = inner
            schema_options = sub.get("options") or []
        for name, value in options.items():
            spec = next((o for o in schema_options if o["name"] == name), None)
            assert spec is not None, f"/{path} has no option {name!r}"
            option: Json = {"type": spec["type"], "name": name, "value": value}
            if name == focused:
                option["focused"] = True
            leaf.append(option)
        data: Json = {"id": command["id"], "name": names[0], "type": 1, "options": top}
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return data

    async def slash(
        self, path: str, *, member: Member | None = None, channel_id: int | None = None, **options: Any
    ) -> Interaction:
        """Invoke ``/path`` (e.g. ``"collab search"``) with ``options`` as ``member``."""
        data = self._command_data(path, options, None)
        payload, token = self._interaction(2, data, member or self.alice, channel_id)
        return await self._send_interaction(payload, token)

    async def autocomplete(
        self, path: str, focused: str, *, member: Member | None = None, timeout: float = 5.0, **options: Any
    ) -> list[Json]:
        """The choices the bot offers while ``focused`` is being typed."""
        data = self._command_data(path, options, focused)
        payload, token = self._interaction(4, data, member or self.alice, None)
        handle = await self._send_interaction(payload, token)
        output = await handle.next(lambda o: o.kind == "autocomplete", timeout=timeout)
        return output.choices

    async def click(
        self, message: Json, custom_id: str, *, member: Member | None = None, values: list[str] | None = None
    ) -> Interaction:
        """Click a button (or choose ``values`` in a select menu) on a message the bot sent."""
        component_type = 3 if values is not None else 2
        data: Json = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        current = self.messages.get(int(message["id"]), message)
        payload, token = self._interaction(3, data, member or self.alice, int(current["channel_id"]), current)
        return await self._send_interaction(payload, token)

    async def post(self, content: str, *, member: Member | None = None, channel_id: int | None = None) -> None:
        """A member posts ``content`` in a channel (MESSAGE_CREATE)."""
        author = member or self.alice
        channel = channel_id or self.channel_id
        mentions = [self.bot_user] if f"<@{self.application_id}>" in content else []
        await self.dispatch(
            "MESSAGE_CREATE",
            {
                "id": str(self.new_id()),
                "channel_id": str(channel),
                "guild_id": str(self.guild_id),
                "type": 0,
                "content": content,
                "author": author.user(),
                "member": author.member(),
                "timestamp": _now(),
                "edited_timestamp": None,
                "tts": False,
                "mention_everyone": False,
                "mentions": mentions,
                "mention_roles": [],
                "attachments": [],
                "embeds": [],
                "pinned": False,
                "flags": 0,
                "components": [],
            },
        )

    async def _send_interaction(self, payload: Json, token: str) -> Interaction:
        start = len(self.outputs)
        await self.dispatch("INTERACTION_CREATE", payload)
        return Interaction(self, token, start)

    async def wait_index(self, predicate: Callable[[Output], bool], *, start: int = 0, timeout: float = 5.0) -> int:
        """The index of the first output from ``start`` on that satisfies ``predicate``."""

        async def find() -> int:
            index = start
            async with self._changed:
                while True:
                    while index < len(self.outputs):
                        if predicate(self.outputs[index]):
                            return index
                        index += 1
                    await self._changed.wait()

        return await asyncio.wait_for(find(), timeout)

    async def wait_for(self, predicate: Callable[[Output], bool], *, start: int = 0, timeout: float = 5.0) -> Output:
        return self.outputs[await self.wait_index(predicate, start=start, timeout=timeout)]

    async def channel_message(self, channel_id: int | None = None, *, start: int = 0, timeout: float = 5.0) -> Output:
        channel = channel_id or self.channel_id
        return await self.wait_for(
            lambda o: o.kind == "channel_message" and o.channel_id == channel, start=start, timeout=timeout
        )


class Interaction:
    """An interaction a test sent; read the bot's answers to it."""

    def __init__(self, fake: FakeDiscord, token: str, start: int) -> None:
        self.fake = fake
        self.token = token
        self.start = start
        self.cursor = start

    def outputs(self) -> list[Output]:
        return [o for o in self.fake.outputs[self.start :] if o.token == self.token]

    async def next(self, predicate: Callable[[Output], bool] | None = None, *, timeout: float = 5.0) -> Output:
        """The next answer to this interaction (matching ``predicate``) after the ones already read."""
        index = await self.fake.wait_index(
            lambda o: o.token == self.token and (predicate is None or predicate(o)),
            start=self.cursor,
            timeout=timeout,
        )
        self.cursor = index + 1
        return self.fake.outputs[index]

    async def reply(self, *, timeout: float = 5.0) -> Output:
        """The message the user finally sees: the reply, or the follow-up/edit after a deferral."""
        output = await self.next(timeout=timeout)
        if output.callback_type == 5:
            return await self.next(lambda o: o.kind in ("followup", "edit"), timeout=timeout)
        return output
