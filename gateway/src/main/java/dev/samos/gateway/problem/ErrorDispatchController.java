package dev.samos.gateway.problem;

import dev.samos.api.ProblemType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}) in place of Spring Boot's: errors raised outside Spring MVC
 * answer problem+json like every other error, and {@code /error} asked for directly — which is no error — answers
 * 404 (Spring Boot's own answers 500 {@code {"status":999}}).
 */
@RestController
class ErrorDispatchController implements ErrorController {

    @io.swagger.v3.oas.annotations.Hidden
    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer status)) {
            return respond(ProblemType.NOT_FOUND, "nothing at " + request.getRequestURI());
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        HttpStatus known = HttpStatus.resolve(status);
        String detail = (message instanceof String text && !text.isBlank() ? text
                : known == null ? "error " + status : known.getReasonPhrase()) + (uri == null ? "" : " (" + uri + ")");
        return Arrays.stream(new ProblemType[] {ProblemType.BAD_REQUEST, ProblemType.UNAUTHORIZED,
                        ProblemType.NOT_FOUND, ProblemType.BODY_TOO_LARGE, ProblemType.INTERNAL})
                .filter(type -> type.status() == status).findFirst()
                .map(type -> respond(type, detail))
                .orElseGet(() -> ResponseEntity.status(status)
                        .body(ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail)));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemType type, String detail) {
        return ResponseEntity.status(type.status()).body(ProblemHandler.detail(type.problem(detail)));
    }
}
