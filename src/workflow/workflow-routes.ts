import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { requireRole } from '../auth/auth-plugin.js';
import { AppError } from '../shared/errors.js';
import { releaseIdParam } from '../editor/editor-routes.js';
import { renderEditorPage } from '../editor/editor-view.js';
import { MOVES, TRANSITIONS } from './transitions.js';
import { MOVE_FUNCTIONS } from './workflow-service.js';

const MoveForm = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  _csrf: Type.Optional(Type.String()),
});

/**
 * One POST per move: /admin/releases/:id/submit, /return, /approve, /publish-now,
 * /unschedule, /withdraw, /force-publish, /confirm-force-publish. The role list
 * here is a first gate; the service checks role, ministry and state again.
 */
export async function workflowRoutes(app: FastifyInstance): Promise<void> {
  const { connection, clock } = app.services;
  const db = connection.db;

  for (const move of MOVES) {
    const rule = TRANSITIONS[move];
    app.post<{ Params: { id: string }; Body: Static<typeof MoveForm> }>(
      `/admin/releases/:id/${move.replace(/_/g, '-')}`,
      { preHandler: requireRole(...rule.roles), schema: { body: MoveForm }, attachValidation: true },
      async (request, reply) => {
        const id = releaseIdParam(request.params.id);
        if (request.validationError) {
          return renderEditorPage(request, reply, id, { status: 422, moveError: { move, message: '사유는 1,000자 이하로 입력해 주세요.' } });
        }
        const reason = request.body?.reason ?? '';
        try {
          await MOVE_FUNCTIONS[move](db, { actor: request.actor, now: clock(), ip: request.ip }, id, reason);
        } catch (error) {
          if (error instanceof AppError && (error.code === 'INVALID_TRANSITION' || error.code === 'REASON_REQUIRED')) {
            return renderEditorPage(request, reply, id, { status: error.statusCode, moveError: { move, message: error.message, reason } });
          }
          throw error;
        }
        return reply.redirect(`/admin/releases/${id}/edit?done=${move}`, 303);
      },
    );
  }
}
