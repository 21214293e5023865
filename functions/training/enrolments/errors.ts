/** Named errors of the learning flow; the HTTP middleware maps them by kind. German messages for the learner. */
import { Conflict, DomainError, NotFound, Unprocessable, type ProblemKind } from '#core/problem';

export class NotAnEmployee extends Conflict {
  constructor() {
    super('Sie sind noch nicht als Beschäftigte erfasst. Bitte wenden Sie sich an die Fortbildungsverwaltung Ihrer Behörde.');
  }
}

/** The learner was deactivated by the administration: their history stays readable, learning is over for now. */
export class EmployeeDeactivated extends DomainError {
  readonly kind: ProblemKind = 'forbidden';
  constructor() {
    super('Ihre Teilnahme an der Fortbildung ist beendet. Ihre Nachweise können Sie weiterhin abrufen; bei Fragen wenden Sie sich an die Fortbildungsverwaltung.');
  }
}

export class CourseNotFound extends NotFound {
  constructor() {
    super('Diesen Kurs gibt es in Ihrem Kurskatalog nicht.');
  }
}

export class LessonNotFound extends NotFound {
  constructor() {
    super('Diese Lektion gehört nicht zu der Kursversion, in der Sie angemeldet sind.');
  }
}

export class NotInAudience extends DomainError {
  readonly kind: ProblemKind = 'forbidden';
  constructor() {
    super('Dieser Kurs ist nicht für Ihre Rolle vorgesehen.');
  }
}

export class NotEnrolled extends Conflict {
  constructor() {
    super('Sie sind für diesen Kurs nicht angemeldet. Bitte melden Sie sich zuerst an.');
  }
}

export class AlreadyCompleted extends Conflict {
  constructor(validUntil?: string) {
    super(
      validUntil
        ? `Sie haben diesen Kurs bereits abgeschlossen; Ihr Nachweis ist gültig bis ${validUntil.split('-').reverse().join('.')}.`
        : 'Sie haben diesen Kurs bereits abgeschlossen.',
    );
  }
}

export class CycleClosed extends Conflict {
  constructor() {
    super('Dieser Durchgang ist abgeschlossen oder abgelaufen. Bitte melden Sie sich erneut für den Kurs an.');
  }
}

export class QuizAlreadyPassed extends Conflict {
  constructor() {
    super('Sie haben das Quiz dieses Kurses bereits bestanden.');
  }
}

export class NoQuiz extends Unprocessable {
  constructor() {
    super('Dieser Kurs hat kein Quiz.');
  }
}

export class NoAttemptsLeft extends Unprocessable {
  constructor(allowed: number) {
    super(`Keine Versuche mehr: Sie haben alle ${allowed} Versuche des Quiz genutzt. Bitte wenden Sie sich an die Fortbildungsverwaltung.`);
  }
}

export class AttemptNotFound extends NotFound {
  constructor() {
    super('Diesen Quizversuch gibt es nicht. Bitte starten Sie zuerst einen Versuch.');
  }
}

export class UnknownQuestions extends Unprocessable {}

export class CourseVersionUnavailable extends Conflict {
  constructor() {
    super('Die Kursversion Ihrer Anmeldung ist nicht mehr verfügbar. Bitte wenden Sie sich an die Fortbildungsverwaltung.');
  }
}

export class ConcurrentChange extends Conflict {
  constructor() {
    super('Ihr Kursfortschritt wurde gleichzeitig geändert. Bitte versuchen Sie es erneut.');
  }
}

/** The administration's side: granting further quiz attempts. */
export class EmployeeNotFound extends NotFound {
  constructor() {
    super('Diese Person ist in Ihrer Verwaltung nicht als Beschäftigte erfasst.');
  }
}

export class GrantNotApplicable extends Conflict {}

export class GrantLimitReached extends Unprocessable {}
